namespace RefAssured.Sdk;

/// <summary>What is wrong with a report file's content; see <see cref="ReportContentException"/>.</summary>
public enum ReportContentProblem
{
    /// <summary>No specific problem was recorded.</summary>
    Unspecified = 0,

    /// <summary>The content is missing or empty.</summary>
    Missing = 1,

    /// <summary>The content is not valid base64 (for example truncated, or with characters outside the alphabet).</summary>
    InvalidBase64 = 2,

    /// <summary>The content decodes, but does not start with the PDF signature <c>%PDF-</c>.</summary>
    NotPdf = 3,
}

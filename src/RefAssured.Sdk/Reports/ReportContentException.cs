namespace RefAssured.Sdk;

/// <summary>
/// The content of a report file cannot be used: it is missing, not valid base64, or not a PDF
/// where one was required. The content of a delivery never changes, so the SDK's worker treats
/// this exception as permanent and dead-letters the delivery instead of retrying it.
/// </summary>
public sealed class ReportContentException : Exception
{
    /// <summary>Initializes a new instance with a default message.</summary>
    public ReportContentException()
        : this("The report file's content cannot be used.")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">What is wrong with the content.</param>
    public ReportContentException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the exception that caused it.</summary>
    /// <param name="message">What is wrong with the content.</param>
    /// <param name="innerException">The cause.</param>
    public ReportContentException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    private ReportContentException(ReportContentProblem problem, string message, long? offset = null)
        : base(message)
    {
        Problem = problem;
        Offset = offset;
    }

    /// <summary>Gets the JSON path of the field at fault, <c>$.file.base64Content</c>.</summary>
    public string FieldPath { get; } = ReportFile.ContentPath;

    /// <summary>Gets what is wrong with the content.</summary>
    public ReportContentProblem Problem { get; }

    /// <summary>Gets the offset in the base64 text where decoding stopped, for <see cref="ReportContentProblem.InvalidBase64"/>.</summary>
    public long? Offset { get; }

    internal static ReportContentException Missing() =>
        new(ReportContentProblem.Missing, $"The report file has no content: {ReportFile.ContentPath} is missing or empty.");

    internal static ReportContentException InvalidBase64(long offset) =>
        new(ReportContentProblem.InvalidBase64, $"The report file's content is not valid base64: {ReportFile.ContentPath} cannot be decoded at character {offset}.", offset);

    internal static ReportContentException NotPdf() =>
        new(ReportContentProblem.NotPdf, $"The report file's content is not a PDF: {ReportFile.ContentPath} does not start with the %PDF- signature.");
}

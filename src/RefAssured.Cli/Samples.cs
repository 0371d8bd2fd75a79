using RefAssured.Sdk.Testing;

namespace RefAssured.Cli;

/// <summary>The bodies the tool sends: the vendor's samples and reference reports carrying a generated PDF.</summary>
internal static class Samples
{
    public static RefAssuredEventType ParseEvent(string name)
    {
        if (RefAssuredEventTypes.TryParse(name, out var type))
        {
            return type;
        }

        var known = string.Join(", ", RefAssuredEventTypes.All.Select(RefAssuredEventTypes.GetRouteName));
        throw CliException.Usage($"Unknown event '{name}': use one of {known}.");
    }

    /// <summary>
    /// The vendor's sample of <paramref name="type"/>; for a reference report, the sample carrying a small
    /// valid PDF, because the documented sample's base64 is cut off and would fail any handler that reads it.
    /// </summary>
    public static byte[] Get(RefAssuredEventType type) => type == RefAssuredEventType.ReferenceReport
        ? RefAssuredSamples.GetReferenceReportWithPdfUtf8Json()
        : RefAssuredSamples.GetUtf8Json(type);

    /// <summary>The vendor's reference-report sample carrying a valid PDF of about <paramref name="pdfSize"/> bytes.</summary>
    public static byte[] Report(int pdfSize) => RefAssuredSamples.GetReferenceReportWithPdfUtf8Json(pdfSize);
}

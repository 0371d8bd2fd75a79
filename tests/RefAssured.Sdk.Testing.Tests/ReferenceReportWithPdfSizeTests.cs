namespace RefAssured.Sdk.Testing.Tests;

public sealed class ReferenceReportWithPdfSizeTests
{
    [Fact]
    public void GetReferenceReportWithPdfUtf8Json_Size_ParsesToTheSampleCarryingAValidPdfOfAboutThatSize()
    {
        var body = RefAssuredSamples.GetReferenceReportWithPdfUtf8Json(200_000);

        var result = RefAssuredEventParser.Parse(RefAssuredEventType.ReferenceReport, body.AsMemory());

        var report = Assert.IsType<ReferenceReport>(result.Event);
        Assert.Equal(RefAssuredSamples.ReferenceReport.ReferenceRequestId, report.ReferenceRequestId);
        var pdf = Convert.FromBase64String(System.Text.Encoding.ASCII.GetString(report.File!.Base64Content.Span));
        Assert.InRange(pdf.Length, 199_000, 201_000);
        Assert.Equal("%PDF-"u8.ToArray(), pdf[..5]);
    }
}

namespace RefAssured.Sdk.Testing.Tests;

public sealed class RefAssuredSamplesTests
{
    [Theory]
    [InlineData(RefAssuredEventType.SalesOptIn, "sales-optin.json")]
    [InlineData(RefAssuredEventType.CandidateOptIn, "candidate-optin.json")]
    [InlineData(RefAssuredEventType.CandidateNote, "candidate-notes.json")]
    [InlineData(RefAssuredEventType.ReferenceReport, "reference-report.json")]
    public void Sample_RawJsonIsTheVendorsDocumentedPayload(RefAssuredEventType type, string fixture)
    {
        var documented = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", fixture));

        Assert.Equal(documented, RefAssuredSamples.GetUtf8Json(type));
        Assert.Equal(System.Text.Encoding.UTF8.GetString(documented), RefAssuredSamples.GetJson(type));
        Assert.Equal(type, RefAssuredSamples.Get(type).EventType);
    }

    [Fact]
    public void SalesOptIn_ParsesToTheDocumentedValues()
    {
        var sample = RefAssuredSamples.SalesOptIn;

        Assert.Equal(10001, sample.ReferenceRequestId);
        Assert.Equal(20001, sample.PersonId);
        Assert.Equal("Acme Corp", sample.CompanyName);
        Assert.Equal("Jane", sample.FirstName);
        Assert.Equal("San Francisco", sample.IpGeolocation?.City);
        Assert.Equal(30001, sample.Candidate?.PersonId);
        Assert.Equal(40001, sample.Candidate?.ExternalIds?.BullhornCandidateId);
        Assert.Equal("003000000000001AAA", sample.Candidate?.ExternalIds?.SalesforceCandidateId);
    }

    [Fact]
    public void CandidateOptInAndNote_ParseToTheDocumentedValues()
    {
        Assert.Equal(10001, RefAssuredSamples.CandidateOptIn.ReferenceRequestId);
        Assert.Equal("John", RefAssuredSamples.CandidateOptIn.Candidate?.FirstName);
        Assert.Equal(CandidateNoteActionKind.RefAssuredSent, RefAssuredSamples.CandidateNote.Action?.Kind);
        Assert.StartsWith("Reference request sent", RefAssuredSamples.CandidateNote.TextNote, StringComparison.Ordinal);
    }

    [Fact]
    public void ReferenceReport_IsTheDocumentedSampleWithItsTruncatedContent()
    {
        var report = RefAssuredSamples.ReferenceReport;

        Assert.Equal("RefAssured_PreHire_Reference_John_Doe_10001.pdf", report.File?.FileName);
        Assert.False(report.File?.HasValidContent());
    }

    [Fact]
    public void ReferenceReportWithPdf_CarriesAReadablePdfAndItsBodyParsesToIt()
    {
        var report = RefAssuredSamples.ReferenceReportWithPdf;
        var body = RefAssuredSamples.GetReferenceReportWithPdfUtf8Json();

        Assert.True(report.File?.IsPdf);
        Assert.Equal(RefAssuredSamples.ReferenceReport.Candidate, report.Candidate);
        var parsed = Assert.IsType<ReferenceReport>(RefAssuredEventParser.Parse(RefAssuredEventType.ReferenceReport, body).Event);
        Assert.Equal(report.File!.ReadContent(), parsed.File!.ReadContent());
        Assert.Equal(report.File.FileName, parsed.File.FileName);
    }

    [Fact]
    public void GetUtf8Json_ReturnsACopyTheCallerMayChange()
    {
        var first = RefAssuredSamples.GetUtf8Json(RefAssuredEventType.SalesOptIn);
        first[0] = (byte)'X';

        Assert.Equal((byte)'{', RefAssuredSamples.GetUtf8Json(RefAssuredEventType.SalesOptIn)[0]);
    }
}

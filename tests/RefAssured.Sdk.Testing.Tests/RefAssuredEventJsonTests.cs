namespace RefAssured.Sdk.Testing.Tests;

public sealed class RefAssuredEventJsonTests
{
    [Fact]
    public void VariedSalesOptIn_BodyParsesWithTheVariedValues()
    {
        var varied = RefAssuredSamples.SalesOptIn with
        {
            ReferenceRequestId = 777,
            CompanyName = "Globex",
            Candidate = RefAssuredSamples.SalesOptIn.Candidate! with { FirstName = "Ada", ExternalIds = new ExternalIds([new("bullhornCandidateId", "55")]) },
        };

        var parsed = Parse<SalesOptIn>(RefAssuredEventJson.ToUtf8Bytes(varied));

        Assert.Equal(777, parsed.ReferenceRequestId);
        Assert.Equal("Globex", parsed.CompanyName);
        Assert.Equal("Ada", parsed.Candidate?.FirstName);
        Assert.Equal(55, parsed.Candidate?.ExternalIds?.BullhornCandidateId);
        Assert.Equal(RefAssuredSamples.SalesOptIn.IpGeolocation, parsed.IpGeolocation);
    }

    [Fact]
    public void VariedNote_BodyParsesWithTheVariedAction()
    {
        var varied = RefAssuredSamples.CandidateNote with { Action = CandidateNoteAction.IpCollision, ReferenceRequestId = null };

        var parsed = Parse<CandidateNote>(System.Text.Encoding.UTF8.GetBytes(RefAssuredEventJson.ToJson(varied)));

        Assert.Equal(CandidateNoteActionKind.IpCollision, parsed.Action?.Kind);
        Assert.Null(parsed.ReferenceRequestId);
    }

    [Fact]
    public void ReportWithLargePdf_BodyParsesToTheSamePdf()
    {
        var pdf = RefAssuredPdf.Create(300_000);
        var report = RefAssuredSamples.ReferenceReport with { File = RefAssuredPdf.CreateReportFile(pdf) };

        var parsed = Parse<ReferenceReport>(RefAssuredEventJson.ToUtf8Bytes(report));

        Assert.Equal(pdf, parsed.File?.ReadContent());
    }

    private static T Parse<T>(byte[] body)
        where T : RefAssuredEvent
    {
        var result = RefAssuredEventParser.Parse(Activator.CreateInstance<T>().EventType, body);
        Assert.True(result.IsSuccess, result.ToString());
        return Assert.IsType<T>(result.Event);
    }
}

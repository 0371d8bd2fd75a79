using Snapshooter;
using Snapshooter.Xunit3;

namespace RefAssured.Sdk.Tests.Serialization;

public sealed partial class RefAssuredEventParserTests
{
    [Fact]
    public void Parse_SalesOptInSample_ReadsEveryField()
    {
        var evt = Fixture.ParseOk<SalesOptIn>(RefAssuredEventType.SalesOptIn, Fixture.Bytes(Fixture.SalesOptIn));

        Assert.Equal(RefAssuredEventType.SalesOptIn, evt.EventType);
        AssertOptInSample(evt);
    }

    [Fact]
    public void Parse_CandidateOptInSample_ReadsEveryField()
    {
        var evt = Fixture.ParseOk<CandidateOptIn>(RefAssuredEventType.CandidateOptIn, Fixture.Bytes(Fixture.CandidateOptIn));

        Assert.Equal(RefAssuredEventType.CandidateOptIn, evt.EventType);
        AssertOptInSample(evt);
    }

    [Fact]
    public void Parse_CandidateNotesSample_ReadsEveryField()
    {
        var evt = Fixture.ParseOk<CandidateNote>(RefAssuredEventType.CandidateNote, Fixture.Bytes(Fixture.CandidateNotes));

        Assert.Equal(10001, evt.ReferenceRequestId);
        Assert.Equal(30001, evt.Candidate!.PersonId);
        Assert.Equal("John", evt.Candidate.FirstName);
        Assert.Equal("Doe", evt.Candidate.LastName);
        Assert.Equal("john.doe@example.com", evt.Candidate.Email);
        Assert.Equal("+1 6225555556", evt.Candidate.Mobile);
        Assert.Equal(40001, evt.Candidate.ExternalIds!.BullhornCandidateId);
        Assert.Null(evt.Candidate.ExternalIds.SalesforceCandidateId);
        Assert.Single(evt.Candidate.ExternalIds);
        Assert.Equal("Reference request sent in RefAssured for candidate John Doe...", evt.HtmlNote);
        Assert.Equal("Reference request sent in RefAssured for candidate John Doe...", evt.TextNote);
        Assert.Equal(CandidateNoteActionKind.RefAssuredSent, evt.Action!.Value.Kind);
        Assert.Equal("RefAssured Sent", evt.Action.Value.Value);
        Assert.Null(evt.ExternalIdsMeta);
    }

    [Fact]
    public void Parse_ReferenceReportSample_ReadsEveryFieldAndKeepsTruncatedContent()
    {
        var evt = Fixture.ParseOk<ReferenceReport>(RefAssuredEventType.ReferenceReport, Fixture.Bytes(Fixture.ReferenceReport));

        Assert.Null(evt.ReferenceRequestId);
        Assert.Null(evt.ExternalIdsMeta);
        AssertCandidateSample(evt.Candidate);
        Assert.Equal("application/pdf", evt.File!.FileType);
        Assert.Equal("RefAssured_PreHire_Reference_John_Doe_10001.pdf", evt.File.FileName);
        Assert.Equal("JVBERi0xLjQKJeLjz9MKMSAwIG9iago8PAovTGlu..."u8.ToArray(), evt.File.Base64Content.ToArray());
        Assert.True(evt.File.IsPdf);
        Assert.False(evt.File.HasValidContent());
    }

    [Theory]
    [InlineData(RefAssuredEventType.SalesOptIn)]
    [InlineData(RefAssuredEventType.CandidateOptIn)]
    [InlineData(RefAssuredEventType.CandidateNote)]
    [InlineData(RefAssuredEventType.ReferenceReport)]
    public void Parse_Sample_MatchesSnapshot(RefAssuredEventType type)
    {
        var evt = Fixture.ParseOk(type, Fixture.Bytes(Fixture.For(type)));

        Snapshot.Match(SnapshotView.Of(evt), SnapshotNameExtension.Create(type.ToString()));
    }

    [Theory]
    [InlineData(RefAssuredEventType.SalesOptIn)]
    [InlineData(RefAssuredEventType.CandidateOptIn)]
    [InlineData(RefAssuredEventType.CandidateNote)]
    [InlineData(RefAssuredEventType.ReferenceReport)]
    public async Task Parse_SpanMemoryAndStream_GiveEqualEvents(RefAssuredEventType type)
    {
        var body = Fixture.Bytes(Fixture.For(type));

        var fromMemory = RefAssuredEventParser.Parse(type, body.AsMemory()).Event;
        var fromSpan = RefAssuredEventParser.Parse(type, body.AsSpan()).Event;
        var fromStream = (await RefAssuredEventParser.ParseAsync(type, new MemoryStream(body), TestContext.Current.CancellationToken)).Event;

        Assert.NotNull(fromMemory);
        Assert.Equal(SnapshotView.Json(fromMemory), SnapshotView.Json(fromSpan!));
        Assert.Equal(SnapshotView.Json(fromMemory), SnapshotView.Json(fromStream!));
    }

    private static void AssertOptInSample(OptInEvent evt)
    {
        Assert.True(evt.IsCandidateLead);
        Assert.True(evt.IsSalesLead);
        Assert.Equal(10001, evt.ReferenceRequestId);
        Assert.Equal(20001, evt.PersonId);
        Assert.Equal("Acme Corp", evt.CompanyName);
        Assert.Equal("jane.smith@example.com", evt.Email);
        Assert.Equal("Jane", evt.FirstName);
        Assert.Equal("Smith", evt.LastName);
        Assert.Equal("+1 6225555555", evt.Mobile);
        Assert.Equal("Engineering Manager", evt.Title);
        Assert.Equal("Software Engineer", evt.CandidateTitle);
        Assert.NotNull(evt.ExternalIdsMeta);
        Assert.Empty(evt.ExternalIdsMeta);
        Assert.Equal("United States", evt.IpGeolocation!.Country);
        Assert.Equal("California", evt.IpGeolocation.Region);
        Assert.Equal("San Francisco", evt.IpGeolocation.City);
        Assert.Equal("192.0.2.1", evt.IpGeolocation.Ip);
        AssertCandidateSample(evt.Candidate);
    }

    private static void AssertCandidateSample(Candidate? candidate)
    {
        Assert.NotNull(candidate);
        Assert.Equal(30001, candidate.PersonId);
        Assert.Equal("John", candidate.FirstName);
        Assert.Equal("Doe", candidate.LastName);
        Assert.Equal("john.doe@example.com", candidate.Email);
        Assert.Equal("+1 6225555556", candidate.Mobile);
        Assert.Equal(40001, candidate.ExternalIds!.BullhornCandidateId);
        Assert.Equal("40001", candidate.ExternalIds["bullhornCandidateId"]);
        Assert.Equal("003000000000001AAA", candidate.ExternalIds.SalesforceCandidateId);
        Assert.Equal(2, candidate.ExternalIds.Count);
    }
}

namespace RefAssured.Sdk.Testing.Tests;

public sealed class RefAssuredTestContextTests
{
    [Fact]
    public void For_Sample_HasFirstAttemptItsTypeNowAndTheVendorsBody()
    {
        var before = DateTimeOffset.UtcNow;
        var context = RefAssuredTestContext.For(RefAssuredSamples.ReferenceReport);

        Assert.Equal(RefAssuredEventType.ReferenceReport, context.EventType);
        Assert.Equal(1, context.Attempt);
        Assert.InRange(context.ReceivedAt, before, DateTimeOffset.UtcNow);
        Assert.Equal(RefAssuredSamples.GetUtf8Json(RefAssuredEventType.ReferenceReport), context.RawBody.ToArray());
        Assert.False(string.IsNullOrWhiteSpace(context.DeliveryId));
        Assert.Empty(context.RouteValues);
    }

    [Fact]
    public void For_TwoCalls_GiveDistinctDeliveryIds() =>
        Assert.NotEqual(RefAssuredTestContext.For(RefAssuredSamples.SalesOptIn).DeliveryId, RefAssuredTestContext.For(RefAssuredSamples.SalesOptIn).DeliveryId);

    [Fact]
    public void For_VariedEvent_CarriesItsWrittenBody()
    {
        var varied = RefAssuredSamples.CandidateOptIn with { ReferenceRequestId = 4242 };

        var context = RefAssuredTestContext.For(varied);

        var parsed = RefAssuredEventParser.Parse(context.EventType, context.RawBody).Event;
        Assert.Equal(4242, Assert.IsType<CandidateOptIn>(parsed).ReferenceRequestId);
    }

    [Fact]
    public void For_GivenValues_AreKept()
    {
        var at = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var routes = new Dictionary<string, string> { ["tenant"] = "acme" };

        var context = RefAssuredTestContext.For(RefAssuredSamples.CandidateNote, "delivery-1", attempt: 3, receivedAt: at, rawBody: "{}"u8.ToArray(), routeValues: routes);

        Assert.Equal("delivery-1", context.DeliveryId);
        Assert.Equal(3, context.Attempt);
        Assert.Equal(at, context.ReceivedAt);
        Assert.Equal("{}"u8.ToArray(), context.RawBody.ToArray());
        Assert.Equal("acme", context.RouteValues["tenant"]);
    }

    [Fact]
    public void For_AttemptBelowOne_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => RefAssuredTestContext.For(RefAssuredSamples.SalesOptIn, attempt: 0));

    [Fact]
    public async Task Handler_CanBeUnitTestedWithASampleAndAContext()
    {
        var handler = new SavingHandler(Directory.CreateTempSubdirectory().FullName);
        var report = RefAssuredSamples.ReferenceReportWithPdf;

        await handler.HandleAsync(report, RefAssuredTestContext.For(report), TestContext.Current.CancellationToken);

        Assert.Equal(report.File!.ReadContent(), await File.ReadAllBytesAsync(handler.SavedPath!, TestContext.Current.CancellationToken));
        Directory.Delete(handler.Directory, recursive: true);
    }

    private sealed class SavingHandler(string directory) : IRefAssuredHandler<ReferenceReport>
    {
        public string Directory { get; } = directory;

        public string? SavedPath { get; private set; }

        public async Task HandleAsync(ReferenceReport evt, RefAssuredEventContext context, CancellationToken cancellationToken) =>
            SavedPath = await evt.SaveFileAsync(Directory, context, cancellationToken: cancellationToken);
    }
}

namespace RefAssured.Sdk.Tests.Dispatching;

public sealed class RefAssuredDispatcherTests
{
    [Fact]
    public async Task Dispatch_EachEventType_ReachesOnlyItsHandlers()
    {
        var calls = new List<string>();
        var dispatcher = new RefAssuredDispatcherBuilder()
            .On<SalesOptIn>((e, c, ct) => Record(calls, "sales"))
            .On<CandidateOptIn>((e, c, ct) => Record(calls, "candidate"))
            .On<CandidateNote>((e, c, ct) => Record(calls, "note"))
            .On<ReferenceReport>((e, c, ct) => Record(calls, "report"))
            .Build();

        foreach (var type in RefAssuredEventTypes.All)
        {
            var result = await dispatcher.DispatchAsync(Delivery(type), TestContext.Current.CancellationToken);
            Assert.True(result.Succeeded);
            Assert.Single(result.Outcomes);
        }

        Assert.Equal(["sales", "candidate", "note", "report"], calls);
    }

    [Fact]
    public async Task Dispatch_SeveralHandlers_AllRunInRegistrationOrderWithTheParsedEvent()
    {
        var seen = new List<string>();
        var handler = new RecordingHandler(seen);
        var dispatcher = new RefAssuredDispatcherBuilder()
            .On<SalesOptIn>((e, c, ct) => Record(seen, $"first {e.CompanyName} {c.DeliveryId} {c.Attempt}"))
            .AddHandler(handler)
            .On<SalesOptIn>((e, c, ct) => Record(seen, $"third {c.RouteValues["tenant"]}"))
            .Build();
        var delivery = Delivery(RefAssuredEventType.SalesOptIn) with { RouteValues = new Dictionary<string, string> { ["tenant"] = "acme" } };

        var result = await dispatcher.DispatchAsync(delivery, TestContext.Current.CancellationToken);

        Assert.Equal([$"first Acme Corp {delivery.DeliveryId} 1", "handler Jane", "third acme"], seen);
        Assert.Equal(["On<SalesOptIn>#1", typeof(RecordingHandler).FullName, "On<SalesOptIn>#2"], result.Outcomes.Select(o => o.HandlerName));
    }

    [Fact]
    public async Task Dispatch_ThrowingHandler_DoesNotStopTheOthersAndIsReported()
    {
        var ran = new List<string>();
        var dispatcher = new RefAssuredDispatcherBuilder()
            .On<CandidateNote>((e, c, ct) => throw new InvalidOperationException("CRM down"), "crm")
            .On<CandidateNote>((e, c, ct) => Record(ran, "ats"), "ats")
            .Build();

        var result = await dispatcher.DispatchAsync(Delivery(RefAssuredEventType.CandidateNote), TestContext.Current.CancellationToken);

        Assert.False(result.Succeeded);
        Assert.False(result.IsPermanentFailure);
        Assert.Equal(["ats"], ran);
        Assert.IsType<InvalidOperationException>(result.Outcomes[0].Exception);
        Assert.True(result.Outcomes[1].Succeeded);
        Assert.Equal(["ats"], result.SucceededHandlers);
        Assert.Equal("crm: InvalidOperationException: CRM down", result.ToString());
    }

    [Fact]
    public async Task Dispatch_HandlerFailsOnInvalidReportContent_IsPermanent()
    {
        var dispatcher = new RefAssuredDispatcherBuilder()
            .On<ReferenceReport>((e, c, ct) => Task.FromResult(e.File!.ReadContent()))
            .Build();

        var result = await dispatcher.DispatchAsync(Delivery(RefAssuredEventType.ReferenceReport), TestContext.Current.CancellationToken);

        Assert.True(result.IsPermanentFailure);
        Assert.IsType<ReportContentException>(Assert.Single(result.Outcomes).Exception);
    }

    [Fact]
    public async Task Dispatch_CompletedHandlers_AreSkipped()
    {
        var ran = new List<string>();
        var dispatcher = new RefAssuredDispatcherBuilder()
            .On<SalesOptIn>((e, c, ct) => Record(ran, "a"), "a")
            .On<SalesOptIn>((e, c, ct) => Record(ran, "b"), "b")
            .Build();

        var result = await dispatcher.DispatchAsync(Delivery(RefAssuredEventType.SalesOptIn) with { CompletedHandlers = new HashSet<string> { "a" } }, TestContext.Current.CancellationToken);

        Assert.Equal(["b"], ran);
        Assert.Equal("b", Assert.Single(result.Outcomes).HandlerName);
    }

    [Fact]
    public async Task Dispatch_NoHandlerForType_SucceedsWithNoOutcome()
    {
        var dispatcher = new RefAssuredDispatcherBuilder().On<SalesOptIn>((e, c, ct) => Task.CompletedTask).Build();

        var result = await dispatcher.DispatchAsync(Delivery(RefAssuredEventType.CandidateNote), TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded);
        Assert.Empty(result.Outcomes);
    }

    [Fact]
    public async Task Dispatch_StoredBodyNoLongerParses_IsPermanentFailureWithoutCallingHandlers()
    {
        var called = false;
        var dispatcher = new RefAssuredDispatcherBuilder().On<SalesOptIn>((e, c, ct) => { called = true; return Task.CompletedTask; }).Build();
        var delivery = new RefAssuredDelivery("01JDTEST000000000000000000", RefAssuredEventType.SalesOptIn, DateTimeOffset.UnixEpoch, "[]"u8.ToArray());

        var result = await dispatcher.DispatchAsync(delivery, TestContext.Current.CancellationToken);

        Assert.False(called);
        Assert.True(result.IsPermanentFailure);
        Assert.Equal(RefAssuredParseErrorKind.NotAnObject, result.ParseError!.Kind);
    }

    [Fact]
    public void Builder_DuplicateName_Throws()
    {
        var builder = new RefAssuredDispatcherBuilder().On<SalesOptIn>((e, c, ct) => Task.CompletedTask, "x");

        var ex = Assert.Throws<ArgumentException>(() => builder.On<SalesOptIn>((e, c, ct) => Task.CompletedTask, "x"));

        Assert.Contains("'x'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Builder_BaseEventType_ThrowsNamingTheEventTypes()
    {
        var ex = Assert.Throws<ArgumentException>(() => new RefAssuredDispatcherBuilder().On<OptInEvent>((e, c, ct) => Task.CompletedTask));

        Assert.Contains("SalesOptIn, CandidateOptIn, CandidateNote or ReferenceReport", ex.Message, StringComparison.Ordinal);
    }

    internal static RefAssuredDelivery Delivery(RefAssuredEventType type) =>
        new("01JDTEST" + ((int)type).ToString("D18", System.Globalization.CultureInfo.InvariantCulture), type, new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero), Fixture.Bytes(Fixture.For(type)));

    private static Task Record(List<string> calls, string text)
    {
        lock (calls)
        {
            calls.Add(text);
        }

        return Task.CompletedTask;
    }

    private sealed class RecordingHandler(List<string> seen) : IRefAssuredHandler<SalesOptIn>
    {
        public Task HandleAsync(SalesOptIn evt, RefAssuredEventContext context, CancellationToken cancellationToken) => Record(seen, $"handler {evt.FirstName}");
    }
}

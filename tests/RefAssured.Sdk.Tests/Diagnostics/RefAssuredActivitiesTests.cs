using System.Collections.Concurrent;
using System.Diagnostics;
using RefAssured.Sdk.Tests.Receiving;
using static RefAssured.Sdk.Tests.Diagnostics.TelemetryTestSupport;
using static RefAssured.Sdk.Tests.Processing.RefAssuredWorkerTests;

namespace RefAssured.Sdk.Tests.Diagnostics;

[Collection(typeof(MeterMeasurements))]
public sealed class RefAssuredActivitiesTests : IDisposable
{
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;

    public RefAssuredActivitiesTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is RefAssuredTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose() => _listener.Dispose();

    [Fact]
    public async Task Receive_Accepted_TaggedWithEventTypeDeliveryIdAndStatusCode_StatusUnset()
    {
        var (outcome, receive) = await ReceiveUnderParentAsync(ReceiverHarness.Request("sales-optin", Fixture.Bytes(Fixture.SalesOptIn)));

        Assert.True(outcome.IsAccepted);
        Assert.Equal("sales-optin", receive.GetTagItem("refassured.event.type"));
        Assert.Equal(outcome.DeliveryId, receive.GetTagItem("refassured.delivery.id"));
        Assert.Equal(200, receive.GetTagItem("http.response.status_code"));
        Assert.Null(receive.GetTagItem("error.type"));
        Assert.Equal(ActivityStatusCode.Unset, receive.Status);
    }

    [Fact]
    public async Task Receive_WrongKey_CarriesErrorTypeButNoErrorStatus()
    {
        var (_, receive) = await ReceiveUnderParentAsync(ReceiverHarness.Request("candidate-optin", Fixture.Bytes(Fixture.For(RefAssuredEventType.CandidateOptIn)), key: "wrong"));

        Assert.Equal("candidate-optin", receive.GetTagItem("refassured.event.type"));
        Assert.Equal("KeyMismatch", receive.GetTagItem("error.type"));
        Assert.Equal(401, receive.GetTagItem("http.response.status_code"));
        Assert.Equal(ActivityStatusCode.Unset, receive.Status);
    }

    [Fact]
    public async Task Receive_StoreFails_ErrorStatusAndErrorType()
    {
        var harness = new ReceiverHarness(new FailingInbox(new IOException("disk full")));

        var (outcome, receive) = await ReceiveUnderParentAsync(ReceiverHarness.Request("sales-optin", Fixture.Bytes(Fixture.SalesOptIn)), harness);

        Assert.Equal(503, outcome.StatusCode);
        Assert.Equal("StoreUnavailable", receive.GetTagItem("error.type"));
        Assert.Equal(ActivityStatusCode.Error, receive.Status);
    }

    [Fact]
    public async Task Handle_FailingHandler_ErrorStatusWithExceptionTypeAndHandlerName()
    {
        const string id = "01JDTELEMETRYTRACE00000001";
        var inbox = new InMemoryRefAssuredInbox();
        var dispatcher = new RefAssuredDispatcherBuilder()
            .On<CandidateNote>((e, c, ct) => throw new TelemetryProbeException("notes store refused"), name: "notes-sync")
            .Build();
        await inbox.AppendAsync(Delivery(id, RefAssuredEventType.CandidateNote), TestContext.Current.CancellationToken);

        await RunUntil(new RefAssuredWorker(inbox, dispatcher), () => inbox.GetEntries() is [{ State: RefAssuredDeliveryState.RetryScheduled }]);
        var handle = await StoppedAsync(a => a.OperationName == "RefAssured.Handle" && Equals(a.GetTagItem("refassured.delivery.id"), id));

        Assert.Equal(ActivityStatusCode.Error, handle.Status);
        Assert.Equal(typeof(TelemetryProbeException).FullName, handle.GetTagItem("error.type"));
        Assert.Contains("notes-sync", handle.StatusDescription, StringComparison.Ordinal);
        Assert.Equal("candidate-notes", handle.GetTagItem("refassured.event.type"));
        Assert.Equal(1, handle.GetTagItem("refassured.delivery.attempt"));
    }

    [Fact]
    public async Task Handle_SucceedingHandler_StatusUnsetAndNoErrorType()
    {
        const string id = "01JDTELEMETRYTRACE00000002";
        var inbox = new InMemoryRefAssuredInbox();
        var dispatcher = new RefAssuredDispatcherBuilder().On<SalesOptIn>((e, c, ct) => Task.CompletedTask).Build();
        await inbox.AppendAsync(Delivery(id, RefAssuredEventType.SalesOptIn), TestContext.Current.CancellationToken);

        await RunUntil(new RefAssuredWorker(inbox, dispatcher), () => inbox.CompletedCount == 1);
        var handle = await StoppedAsync(a => a.OperationName == "RefAssured.Handle" && Equals(a.GetTagItem("refassured.delivery.id"), id));

        Assert.Equal(ActivityStatusCode.Unset, handle.Status);
        Assert.Null(handle.GetTagItem("error.type"));
        Assert.Equal("sales-optin", handle.GetTagItem("refassured.event.type"));
    }

    private async Task<(RefAssuredReceiveOutcome Outcome, Activity Receive)> ReceiveUnderParentAsync(RefAssuredReceiveRequest request, ReceiverHarness? harness = null)
    {
        ActivitySpanId parentId;
        RefAssuredReceiveOutcome outcome;
        // A parent of the test's own, so that its receive span is told apart from other tests' ones;
        // started directly, it needs no listener of its own.
        using (var parent = new Activity("request").Start())
        {
            parentId = parent.SpanId;
            outcome = await (harness ?? new ReceiverHarness()).ReceiveAsync(request);
        }

        var receive = await StoppedAsync(a => a.OperationName == "RefAssured.Receive" && a.ParentSpanId == parentId);
        return (outcome, receive);
    }

    // The handle span stops after the worker records the outcome, so it is waited for.
    private async Task<Activity> StoppedAsync(Func<Activity, bool> match)
    {
        Activity? found = null;
        await Eventually(() => (found = _stopped.FirstOrDefault(match)) is not null);
        return found!;
    }
}

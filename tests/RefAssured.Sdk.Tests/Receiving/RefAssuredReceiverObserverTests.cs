namespace RefAssured.Sdk.Tests.Receiving;

/// <summary>What the receiver tells its observer, and that an observer cannot change an answer.</summary>
public sealed class RefAssuredReceiverObserverTests
{
    [Fact]
    public async Task Receive_Observer_IsToldOfAcceptedAndRejected()
    {
        var observer = new RecordingObserver();
        var harness = new ReceiverHarness(configure: o => o.Observer = observer);

        await harness.ReceiveAsync(ReceiverHarness.Request("sales-optin", Fixture.Bytes(Fixture.SalesOptIn)));
        await harness.ReceiveAsync(ReceiverHarness.Request("sales-optin", Fixture.Bytes(Fixture.SalesOptIn), key: "bad"));

        Assert.Equal(["accepted SalesOptIn 127.0.0.1", "rejected KeyMismatch SalesOptIn 127.0.0.1"], observer.Lines);
    }

    [Fact]
    public async Task Receive_ThrowingObserver_DoesNotChangeTheAnswer()
    {
        var harness = new ReceiverHarness(configure: o => o.Observer = new ThrowingObserver());

        var outcome = await harness.ReceiveAsync(ReceiverHarness.Request("sales-optin", Fixture.Bytes(Fixture.SalesOptIn)));

        Assert.Equal(200, outcome.StatusCode);
    }

    [Fact]
    public async Task Receive_MethodAndHttpsRefusals_ReachTheObserverWithTheEventType()
    {
        var observer = new RecordingObserver();
        var harness = new ReceiverHarness(configure: o =>
        {
            o.RequireHttps = true;
            o.Observer = observer;
        });

        await harness.ReceiveAsync(ReceiverHarness.Request("candidate-notes", [], method: "GET"));
        await harness.ReceiveAsync(ReceiverHarness.Request("candidate-notes", [], method: "GET", isHttps: true));

        Assert.Equal(["rejected HttpsRequired CandidateNote 127.0.0.1", "rejected MethodNotAllowed CandidateNote 127.0.0.1"], observer.Lines);
    }

    private sealed class RecordingObserver : RefAssuredObserver
    {
        public List<string> Lines { get; } = [];

        public override void DeliveryAccepted(RefAssuredDelivery delivery, string? remoteAddress) => Lines.Add($"accepted {delivery.EventType} {remoteAddress}");

        public override void RequestRejected(RefAssuredReceiveOutcome outcome, RefAssuredEventType? eventType, string? remoteAddress) => Lines.Add($"rejected {outcome.Status} {eventType} {remoteAddress}");
    }

    private sealed class ThrowingObserver : RefAssuredObserver
    {
        public override void DeliveryAccepted(RefAssuredDelivery delivery, string? remoteAddress) => throw new InvalidOperationException("observer bug");
    }
}

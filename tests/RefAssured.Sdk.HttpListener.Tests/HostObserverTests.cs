namespace RefAssured.Sdk.HttpListener.Tests;

public sealed class HostObserverTests
{
    private static readonly RefAssuredDelivery Delivery = new("01JABCDEFGHJKMNPQRSTVWXYZ0", RefAssuredEventType.SalesOptIn, DateTimeOffset.UnixEpoch, new byte[704]);

    [Fact]
    public void Entry_ReadsAsAConsoleLoggerLine_WithTheSharedEventIdAndText()
    {
        var lines = new List<string>();
        var observer = new HostObserver(lines.Add, null);

        observer.DeliveryAccepted(Delivery, "127.0.0.1");

        Assert.Equal(["info: RefAssured.Sdk[1] Accepted RefAssured SalesOptIn delivery 01JABCDEFGHJKMNPQRSTVWXYZ0 (704 bytes) from 127.0.0.1"], lines);
    }

    [Fact]
    public void Entry_WithAnException_GivesItsTypeAndMessageOnTheNextLine()
    {
        var lines = new List<string>();
        var observer = new HostObserver(lines.Add, null);

        observer.InboxFailed("append", new IOException("disk full"));
        observer.HandlerFailed(Delivery, new RefAssuredHandlerOutcome("Crm.LeadHandler", new TimeoutException("slow")), null);

        Assert.Equal(
            [
                $"fail: RefAssured.Sdk[5] The RefAssured inbox operation 'append' failed{Environment.NewLine}IOException: disk full",
                $"warn: RefAssured.Sdk[3] RefAssured handler Crm.LeadHandler failed for SalesOptIn delivery 01JABCDEFGHJKMNPQRSTVWXYZ0 on attempt 1; next attempt: none, it is dead-lettered{Environment.NewLine}TimeoutException: slow",
            ],
            lines);
    }

    [Fact]
    public void FailingLogSink_StillForwardsToTheApplicationsObserver()
    {
        var forwarded = new Forwarded();
        var observer = new HostObserver(_ => throw new InvalidOperationException("sink down"), forwarded);

        observer.DeliveryDeadLettered(Delivery, "Crm.LeadHandler: TimeoutException: slow");

        Assert.Equal(["dead-lettered 01JABCDEFGHJKMNPQRSTVWXYZ0"], forwarded.Lines);
    }

    private sealed class Forwarded : RefAssuredObserver
    {
        public List<string> Lines { get; } = [];

        public override void DeliveryDeadLettered(RefAssuredDelivery delivery, string reason) => Lines.Add($"dead-lettered {delivery.DeliveryId}");
    }
}

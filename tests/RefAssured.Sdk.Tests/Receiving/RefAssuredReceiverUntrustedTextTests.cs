using System.Text.Json;

namespace RefAssured.Sdk.Tests.Receiving;

/// <summary>Text from a request reaches problem details and the observer escaped and bounded; inbox errors reach only the observer.</summary>
public sealed class RefAssuredReceiverUntrustedTextTests
{
    private const string Forged = "\ninfo: RefAssured.Sdk[1] Accepted RefAssured SalesOptIn delivery FAKE";

    public static TheoryData<string, Func<RefAssuredReceiveRequest>, int> RequestsQuotingTheirOwnText => new()
    {
        { "route", () => ReceiverHarness.Request("x" + Forged, Fixture.Bytes(Fixture.SalesOptIn)), 404 },
        { "method", () => ReceiverHarness.Request("sales-optin", [], method: "GET" + Forged), 405 },
        { "content type", () => ReceiverHarness.Request("sales-optin", Fixture.Bytes(Fixture.SalesOptIn), contentType: "image/png" + Forged), 415 },
        { "charset", () => ReceiverHarness.Request("sales-optin", Fixture.Bytes(Fixture.SalesOptIn), contentType: "application/json; charset=latin1" + Forged), 415 },
    };

    [Theory]
    [MemberData(nameof(RequestsQuotingTheirOwnText))]
    public async Task Receive_ValueWithNewline_DetailQuotesItEscapedOnOneLine(string what, Func<RefAssuredReceiveRequest> request, int status)
    {
        var outcome = await new ReceiverHarness().ReceiveAsync(request());

        Assert.True(status == outcome.StatusCode, $"{what}: {outcome}");
        Assert.DoesNotContain('\n', outcome.Detail);
        Assert.DoesNotContain('\r', outcome.Detail);
        Assert.Contains("\\n", outcome.Detail, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(outcome.Body);
        Assert.Equal(outcome.Detail, json.RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Receive_VeryLongRoute_DetailQuotesABoundedPart()
    {
        var route = new string('r', 10_000);

        var outcome = await new ReceiverHarness().ReceiveAsync(ReceiverHarness.Request(route, Fixture.Bytes(Fixture.SalesOptIn)));

        Assert.Equal(404, outcome.StatusCode);
        Assert.Contains(new string('r', 64) + "…'", outcome.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('r', 65), outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Problem_DetailWithControlCharacters_IsEscapedWhateverItQuotes()
    {
        var outcome = RefAssuredReceiveOutcome.Problem(RefAssuredReceiveStatus.InvalidPayload, "first\r\nsecond\u2028third");

        Assert.Equal("first\\r\\nsecond\\u2028third", outcome.Detail);
    }

    [Fact]
    public async Task Receive_RemoteAddressWithNewline_ReachesTheObserverEscaped()
    {
        var observer = new AddressObserver();
        var harness = new ReceiverHarness(configure: o => o.Observer = observer);
        var accepted = ReceiverHarness.Request("sales-optin", Fixture.Bytes(Fixture.SalesOptIn));
        var rejected = ReceiverHarness.Request("sales-lead", Fixture.Bytes(Fixture.SalesOptIn));

        await harness.ReceiveAsync(new RefAssuredReceiveRequest { GetHeader = accepted.GetHeader, Body = accepted.Body, EventRoute = "sales-optin", RemoteAddress = "10.0.0.1" + Forged });
        await harness.ReceiveAsync(new RefAssuredReceiveRequest { GetHeader = rejected.GetHeader, Body = rejected.Body, EventRoute = "sales-lead", RemoteAddress = new string('9', 500) });

        Assert.Equal(2, observer.Addresses.Count);
        Assert.StartsWith("10.0.0.1\\ninfo:", observer.Addresses[0], StringComparison.Ordinal);
        Assert.DoesNotContain('\n', observer.Addresses[0]!);
        Assert.True(observer.Addresses[1]!.Length <= 101, observer.Addresses[1]);
    }

    [Fact]
    public async Task Receive_InboxThrowsWithPathInItsMessage_DetailIsGeneralAndTheObserverGetsTheException()
    {
        var error = new IOException("Could not write '/var/lib/app/refassured-inbox/segment-000042.log': No space left on device");
        var observer = new AddressObserver();
        var harness = new ReceiverHarness(new FailingInbox(error), o => o.Observer = observer);

        var outcome = await harness.ReceiveAsync(ReceiverHarness.Request("sales-optin", Fixture.Bytes(Fixture.SalesOptIn)));

        Assert.Equal(503, outcome.StatusCode);
        Assert.StartsWith("The delivery could not be stored", outcome.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("/var/lib", outcome.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("No space", outcome.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("/var/lib", System.Text.Encoding.UTF8.GetString(outcome.Body.Span), StringComparison.Ordinal);
        Assert.Same(error, Assert.Single(observer.InboxErrors));
    }

    [Fact]
    public async Task Receive_InboxUnavailableWithPathInItsMessage_DetailIsGeneral()
    {
        var error = new RefAssuredInboxUnavailableException("The inbox directory '/srv/secret/inbox' is not writable: Permission denied");
        var harness = new ReceiverHarness(new FailingInbox(error));

        var outcome = await harness.ReceiveAsync(ReceiverHarness.Request("sales-optin", Fixture.Bytes(Fixture.SalesOptIn)));

        Assert.Equal(503, outcome.StatusCode);
        Assert.DoesNotContain("/srv/secret", outcome.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("Permission denied", outcome.Detail, StringComparison.Ordinal);
    }

    private sealed class AddressObserver : RefAssuredObserver
    {
        public List<string?> Addresses { get; } = [];

        public List<Exception> InboxErrors { get; } = [];

        public override void DeliveryAccepted(RefAssuredDelivery delivery, string? remoteAddress) => Addresses.Add(remoteAddress);

        public override void RequestRejected(RefAssuredReceiveOutcome outcome, RefAssuredEventType? eventType, string? remoteAddress) => Addresses.Add(remoteAddress);

        public override void InboxFailed(string operation, Exception exception) => InboxErrors.Add(exception);
    }
}

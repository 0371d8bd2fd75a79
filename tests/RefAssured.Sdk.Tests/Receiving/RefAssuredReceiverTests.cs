using System.Text;
using System.Text.Json;
using Snapshooter;
using Snapshooter.Xunit3;

namespace RefAssured.Sdk.Tests.Receiving;

public sealed class RefAssuredReceiverTests
{
    [Theory]
    [InlineData("sales-optin", RefAssuredEventType.SalesOptIn)]
    [InlineData("salesoptin", RefAssuredEventType.SalesOptIn)]
    [InlineData("candidate-optin", RefAssuredEventType.CandidateOptIn)]
    [InlineData("candidateoptin", RefAssuredEventType.CandidateOptIn)]
    [InlineData("candidate-notes", RefAssuredEventType.CandidateNote)]
    [InlineData("candidatenotes", RefAssuredEventType.CandidateNote)]
    [InlineData("reference-report", RefAssuredEventType.ReferenceReport)]
    [InlineData("referencereports", RefAssuredEventType.ReferenceReport)]
    public async Task Receive_VendorSample_Returns200AndStoresOneDelivery(string route, RefAssuredEventType type)
    {
        var harness = new ReceiverHarness();
        var body = Fixture.Bytes(Fixture.For(type));

        var outcome = await harness.ReceiveAsync(ReceiverHarness.Request(route, body));

        Assert.Equal(200, outcome.StatusCode);
        Assert.Equal(RefAssuredReceiveStatus.Accepted, outcome.Status);
        Assert.Equal(RefAssuredReceiveOutcome.JsonContentType, outcome.ContentType);
        var stored = Assert.Single(((InMemoryRefAssuredInbox)harness.Inbox).GetEntries());
        Assert.Equal(outcome.DeliveryId, stored.Delivery.DeliveryId);
        Assert.Equal(type, stored.Delivery.EventType);
        Assert.Equal(body, stored.Delivery.Body.ToArray());
        using var json = JsonDocument.Parse(outcome.Body);
        Assert.Equal("received", json.RootElement.GetProperty("status").GetString());
        Assert.Equal(outcome.DeliveryId, json.RootElement.GetProperty("deliveryId").GetString());
        Assert.Equal(26, outcome.DeliveryId!.Length);
    }

    [Fact]
    public async Task Receive_Accepted_MatchesSnapshot()
    {
        var outcome = await new ReceiverHarness().ReceiveAsync(ReceiverHarness.Request("sales-optin", Fixture.Bytes(Fixture.SalesOptIn)));

        Snapshot.Match(View(outcome), o => o.IgnoreField("Body.deliveryId").IgnoreField("DeliveryId").IgnoreField("Detail"));
    }

    public static TheoryData<string, Func<RefAssuredReceiveRequest>, Action<RefAssuredReceiverOptions>?, int> Problems => new()
    {
        { "UnknownRoute", () => ReceiverHarness.Request("sales-opt-in", Fixture.Bytes(Fixture.SalesOptIn)), null, 404 },
        { "MissingRoute", () => ReceiverHarness.Request(null, Fixture.Bytes(Fixture.SalesOptIn)), null, 404 },
        { "MissingKey", () => ReceiverHarness.Request("sales-optin", Fixture.Bytes(Fixture.SalesOptIn), key: null), null, 401 },
        { "EmptyKey", () => ReceiverHarness.Request("sales-optin", Fixture.Bytes(Fixture.SalesOptIn), key: ""), null, 401 },
        { "KeyWithTrailingSpace", () => ReceiverHarness.Request("sales-optin", Fixture.Bytes(Fixture.SalesOptIn), key: ReceiverHarness.Key + " "), null, 401 },
        { "WrongKey", () => ReceiverHarness.Request("sales-optin", Fixture.Bytes(Fixture.SalesOptIn), key: "wrong"), null, 401 },
        { "NoKeyConfigured", () => ReceiverHarness.Request("sales-optin", Fixture.Bytes(Fixture.SalesOptIn)), o => o.Keys = RefAssuredKeySet.None, 401 },
        { "FormContentType", () => ReceiverHarness.Request("sales-optin", Fixture.Bytes(Fixture.SalesOptIn), contentType: "application/x-www-form-urlencoded"), null, 415 },
        { "XmlContentType", () => ReceiverHarness.Request("sales-optin", Fixture.Bytes(Fixture.SalesOptIn), contentType: "text/xml; charset=utf-8"), null, 415 },
        { "Utf16Charset", () => ReceiverHarness.Request("sales-optin", Fixture.Bytes(Fixture.SalesOptIn), contentType: "application/json; charset=utf-16"), null, 415 },
        { "DeclaredTooLarge", () => ReceiverHarness.Request("sales-optin", Fixture.Bytes(Fixture.SalesOptIn)), o => o.MaxBodySize = 100, 413 },
        { "ActualTooLarge", () => ReceiverHarness.Request("sales-optin", Fixture.Bytes(Fixture.SalesOptIn), declareLength: false), o => o.MaxBodySize = 100, 413 },
        { "BodyShorterThanDeclared", () => ReceiverHarness.Request("sales-optin", Fixture.Bytes(Fixture.SalesOptIn)) is var r ? new RefAssuredReceiveRequest { EventRoute = r.EventRoute, GetHeader = r.GetHeader, ContentType = r.ContentType, ContentLength = r.ContentLength + 10, Body = r.Body } : null!, null, 400 },
        { "ConnectionDropped", () => ReceiverHarness.Request("sales-optin", Fixture.Bytes(Fixture.SalesOptIn), declareLength: false, stream: new BrokenStream("{\"personId\""u8.ToArray())), null, 400 },
        { "NotJson", () => ReceiverHarness.Request("sales-optin", "hello"u8.ToArray()), null, 400 },
        { "EmptyBody", () => ReceiverHarness.Request("candidate-notes", []), null, 400 },
        { "ActionAsNumber", () => ReceiverHarness.Request("candidate-notes", "{\"action\": 42}"u8.ToArray()), null, 400 },
        { "ReportWithoutFile", () => ReceiverHarness.Request("reference-report", "{\"candidate\": {}}"u8.ToArray()), null, 400 },
        { "MethodGet", () => ReceiverHarness.Request("sales-optin", [], method: "GET"), null, 405 },
        { "PlainHttpWhereHttpsRequired", () => ReceiverHarness.Request("sales-optin", Fixture.Bytes(Fixture.SalesOptIn)), o => o.RequireHttps = true, 403 },
    };

    [Theory]
    [MemberData(nameof(Problems))]
    public async Task Receive_Problem_ReturnsExactStatusAndProblemDetails(string name, Func<RefAssuredReceiveRequest> request, Action<RefAssuredReceiverOptions>? configure, int status)
    {
        var harness = new ReceiverHarness(configure: configure);

        var outcome = await harness.ReceiveAsync(request());

        Assert.Equal(status, outcome.StatusCode);
        Assert.False(outcome.IsAccepted);
        Assert.Null(outcome.DeliveryId);
        Assert.Equal(RefAssuredReceiveOutcome.ProblemContentType, outcome.ContentType);
        Assert.Equal(0, ((InMemoryRefAssuredInbox)harness.Inbox).Count);
        Snapshot.Match(View(outcome), SnapshotNameExtension.Create(name));
    }

    [Theory]
    [InlineData("InboxFull")]
    [InlineData("InboxThrows")]
    public async Task Receive_StoreFails_Returns503(string name)
    {
        var inbox = name == "InboxFull"
            ? new FailingInbox(new RefAssuredInboxUnavailableException("The in-memory inbox is full: it holds 1 deliveries that are not completed."))
            : new FailingInbox(new UnauthorizedAccessException("denied"));
        var harness = new ReceiverHarness(inbox);

        var outcome = await harness.ReceiveAsync(ReceiverHarness.Request("sales-optin", Fixture.Bytes(Fixture.SalesOptIn)));

        Assert.Equal(503, outcome.StatusCode);
        Assert.Equal(RefAssuredReceiveStatus.StoreUnavailable, outcome.Status);
        Snapshot.Match(View(outcome), SnapshotNameExtension.Create(name));
    }

    [Fact]
    public async Task Receive_InMemoryInboxAtCapacity_Returns503AndKeepsEarlierDeliveries()
    {
        var inbox = new InMemoryRefAssuredInbox(capacity: 1);
        var harness = new ReceiverHarness(inbox);

        var first = await harness.ReceiveAsync(ReceiverHarness.Request("sales-optin", Fixture.Bytes(Fixture.SalesOptIn)));
        var second = await harness.ReceiveAsync(ReceiverHarness.Request("sales-optin", Fixture.Bytes(Fixture.SalesOptIn)));

        Assert.Equal(200, first.StatusCode);
        Assert.Equal(503, second.StatusCode);
        Assert.Contains("full", second.Detail, StringComparison.Ordinal);
        Assert.Equal(first.DeliveryId, Assert.Single(inbox.GetEntries()).Delivery.DeliveryId);
    }

    [Fact]
    public async Task Receive_ChunkedBodyOverLimit_StopsReadingPastTheLimit()
    {
        var huge = new CountingStream(totalBytes: 50_000_000);
        var harness = new ReceiverHarness(configure: o => o.MaxBodySize = 200_000);

        var outcome = await harness.ReceiveAsync(ReceiverHarness.Request("sales-optin", [], declareLength: false, stream: huge));

        Assert.Equal(413, outcome.StatusCode);
        Assert.True(huge.BytesRead <= 200_000 + (64 * 1024), $"read {huge.BytesRead} bytes");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("Application/JSON; Charset=\"UTF-8\"")]
    [InlineData("text/json")]
    [InlineData("application/vnd.refassured+json")]
    [InlineData("text/plain")]
    [InlineData("application/octet-stream")]
    public async Task Receive_JsonOrUnclearContentType_IsAccepted(string? contentType)
    {
        var outcome = await new ReceiverHarness().ReceiveAsync(ReceiverHarness.Request("sales-optin", Fixture.Bytes(Fixture.SalesOptIn), contentType: contentType));

        Assert.Equal(200, outcome.StatusCode);
    }

    [Fact]
    public async Task Receive_ChunkedBodyWithinLimit_IsStoredWhole()
    {
        var pdf = RefAssured.Sdk.Testing.PdfFactory.Create(500_000);
        var body = RefAssured.Sdk.Testing.PdfFactory.ReportBody(pdf);
        var harness = new ReceiverHarness();

        var outcome = await harness.ReceiveAsync(ReceiverHarness.Request("reference-report", body, declareLength: false));

        Assert.Equal(200, outcome.StatusCode);
        var stored = Assert.Single(((InMemoryRefAssuredInbox)harness.Inbox).GetEntries()).Delivery;
        Assert.Equal(body, stored.Body.ToArray());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Receive_UnderAnActivity_KeepsItsTraceContextOnlyWhenRecorded(bool recorded)
    {
        var harness = new ReceiverHarness();
        using var request = new System.Diagnostics.Activity("request").SetIdFormat(System.Diagnostics.ActivityIdFormat.W3C);
        request.ActivityTraceFlags = recorded ? System.Diagnostics.ActivityTraceFlags.Recorded : System.Diagnostics.ActivityTraceFlags.None;
        request.Start();

        Assert.Equal(200, (await harness.ReceiveAsync(ReceiverHarness.Request("sales-optin", Fixture.Bytes(Fixture.SalesOptIn)))).StatusCode);
        request.Stop();

        var stored = Assert.Single(((InMemoryRefAssuredInbox)harness.Inbox).GetEntries()).Delivery;
        Assert.Equal(recorded ? request.Id : null, stored.TraceParent);
    }

    [Fact]
    public async Task Receive_EventTypeMappedByHost_IgnoresRoute()
    {
        var request = ReceiverHarness.Request("anything", Fixture.Bytes(Fixture.CandidateNotes));
        var mapped = new RefAssuredReceiveRequest { EventType = RefAssuredEventType.CandidateNote, GetHeader = request.GetHeader, Body = request.Body, ContentLength = request.ContentLength };
        var harness = new ReceiverHarness();

        var outcome = await harness.ReceiveAsync(mapped);

        Assert.Equal(200, outcome.StatusCode);
        Assert.Equal(RefAssuredEventType.CandidateNote, Assert.Single(((InMemoryRefAssuredInbox)harness.Inbox).GetEntries()).Delivery.EventType);
    }

    [Fact]
    public async Task Receive_KeyResolver_UsesTenantKeysAndKeepsRouteValues()
    {
        var resolver = new TenantResolver();
        var harness = new ReceiverHarness(configure: o => o.KeyResolver = resolver);
        var acme = new Dictionary<string, string> { ["tenant"] = "acme" };
        var globex = new Dictionary<string, string> { ["tenant"] = "globex" };

        var ok = await harness.ReceiveAsync(ReceiverHarness.Request("sales-optin", Fixture.Bytes(Fixture.SalesOptIn), key: "acme-key", routeValues: acme));
        var crossTenant = await harness.ReceiveAsync(ReceiverHarness.Request("sales-optin", Fixture.Bytes(Fixture.SalesOptIn), key: "acme-key", routeValues: globex));
        var unknownTenant = await harness.ReceiveAsync(ReceiverHarness.Request("sales-optin", Fixture.Bytes(Fixture.SalesOptIn), key: "acme-key", routeValues: new Dictionary<string, string> { ["tenant"] = "x" }));
        var staticKeyIgnored = await harness.ReceiveAsync(ReceiverHarness.Request("sales-optin", Fixture.Bytes(Fixture.SalesOptIn), routeValues: acme));

        Assert.Equal(200, ok.StatusCode);
        Assert.Equal(RefAssuredReceiveStatus.KeyMismatch, crossTenant.Status);
        Assert.Equal(RefAssuredReceiveStatus.NoKeyConfigured, unknownTenant.Status);
        Assert.Equal(RefAssuredReceiveStatus.KeyMismatch, staticKeyIgnored.Status);
        Assert.Equal("acme", Assert.Single(((InMemoryRefAssuredInbox)harness.Inbox).GetEntries()).Delivery.RouteValues["tenant"]);
    }

    [Fact]
    public async Task Receive_KeyResolverThrows_Returns503WithoutReadingBody()
    {
        var body = new UnreadableStream();
        var harness = new ReceiverHarness(configure: o => o.KeyResolver = new ThrowingResolver());

        var outcome = await harness.ReceiveAsync(ReceiverHarness.Request("sales-optin", [], stream: body));

        Assert.Equal(503, outcome.StatusCode);
        Assert.False(body.WasRead);
        Snapshot.Match(View(outcome));
    }

    [Fact]
    public async Task Receive_Outcomes_NeverContainKeyOrPayloadValues()
    {
        var harness = new ReceiverHarness();
        var texts = new List<string>();
        foreach (var key in new[] { ReceiverHarness.Key, "wrong-" + ReceiverHarness.Key, null })
        {
            foreach (var body in new[] { Fixture.Bytes(Fixture.SalesOptIn), "{\"personEmail\": 5, \"x\": \"jane.smith@example.com\"}"u8.ToArray() })
            {
                var outcome = await harness.ReceiveAsync(ReceiverHarness.Request("sales-optin", body, key: key));
                texts.Add(outcome.ToString());
                texts.Add(Encoding.UTF8.GetString(outcome.Body.Span));
            }
        }

        foreach (var text in texts)
        {
            Assert.DoesNotContain(ReceiverHarness.Key, text, StringComparison.Ordinal);
            Assert.DoesNotContain("@example.com", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Jane", text, StringComparison.Ordinal);
        }
    }

    internal static Dictionary<string, object?> View(RefAssuredReceiveOutcome outcome)
    {
        using var json = JsonDocument.Parse(outcome.Body);
        return new Dictionary<string, object?>
        {
            ["StatusCode"] = outcome.StatusCode,
            ["Status"] = outcome.Status.ToString(),
            ["ContentType"] = outcome.ContentType,
            ["DeliveryId"] = outcome.DeliveryId,
            ["Detail"] = outcome.Detail,
            ["Body"] = json.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.ToString()),
        };
    }

    private sealed class TenantResolver : IRefAssuredKeyResolver
    {
        private readonly Dictionary<string, RefAssuredKeySet> _keys = new()
        {
            ["acme"] = new RefAssuredKeySet("acme-key"),
            ["globex"] = new RefAssuredKeySet("globex-key"),
        };

        public ValueTask<RefAssuredKeySet> ResolveKeysAsync(RefAssuredKeyResolutionContext context, CancellationToken cancellationToken) =>
            ValueTask.FromResult(context.RouteValues.TryGetValue("tenant", out var tenant) && _keys.TryGetValue(tenant, out var keys) ? keys : RefAssuredKeySet.None);
    }

    private sealed class ThrowingResolver : IRefAssuredKeyResolver
    {
        public ValueTask<RefAssuredKeySet> ResolveKeysAsync(RefAssuredKeyResolutionContext context, CancellationToken cancellationToken) =>
            throw new TimeoutException("tenant store down");
    }
}

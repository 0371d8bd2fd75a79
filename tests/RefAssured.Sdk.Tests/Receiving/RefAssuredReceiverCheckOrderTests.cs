namespace RefAssured.Sdk.Tests.Receiving;

/// <summary>
/// The HTTPS and method checks, the one order of all checks (unknown route 404 → HTTPS required
/// 403 → method 405 → key 401 → content type 415 → size 413), and that no check made before the
/// body is read reads any of it.
/// </summary>
public sealed class RefAssuredReceiverCheckOrderTests
{
    // A request that fails every check: each entry mends one more, in the documented order.
    public static TheoryData<int, int, RefAssuredReceiveStatus> EachCheckInTurn => new()
    {
        { 0, 404, RefAssuredReceiveStatus.UnknownEvent },
        { 1, 403, RefAssuredReceiveStatus.HttpsRequired },
        { 2, 405, RefAssuredReceiveStatus.MethodNotAllowed },
        { 3, 401, RefAssuredReceiveStatus.KeyMismatch },
        { 4, 415, RefAssuredReceiveStatus.UnsupportedMediaType },
        { 5, 413, RefAssuredReceiveStatus.PayloadTooLarge },
        { 6, 200, RefAssuredReceiveStatus.Accepted },
    };

    [Theory]
    [MemberData(nameof(EachCheckInTurn))]
    public async Task Receive_RequestFailingSeveralChecks_IsAnsweredByTheFirstInTheDocumentedOrder(int mended, int statusCode, RefAssuredReceiveStatus status)
    {
        var body = Fixture.Bytes(Fixture.SalesOptIn);
        var harness = new ReceiverHarness(configure: o =>
        {
            o.RequireHttps = true;
            o.MaxBodySize = mended > 5 ? RefAssuredReceiverOptions.DefaultMaxBodySize : body.Length - 1;
        });
        var request = ReceiverHarness.Request(
            route: mended > 0 ? "sales-optin" : "sales-lead",
            body,
            isHttps: mended > 1,
            method: mended > 2 ? "POST" : "GET",
            key: mended > 3 ? ReceiverHarness.Key : "wrong",
            contentType: mended > 4 ? "application/json" : "application/xml");

        var outcome = await harness.ReceiveAsync(request);

        Assert.Equal(statusCode, outcome.StatusCode);
        Assert.Equal(status, outcome.Status);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("PATCH")]
    [InlineData("OPTIONS")]
    public async Task Receive_MethodOtherThanPost_Returns405WithAllowPostAndNeverReadsTheBody(string method)
    {
        var body = new UnreadableStream();
        var harness = new ReceiverHarness();

        var outcome = await harness.ReceiveAsync(ReceiverHarness.Request("sales-optin", [], method: method, stream: body));

        Assert.Equal(405, outcome.StatusCode);
        Assert.Equal("POST", outcome.Allow);
        Assert.Contains(method, outcome.Detail, StringComparison.Ordinal);
        Assert.False(body.WasRead);
        Assert.Equal(0, ((InMemoryRefAssuredInbox)harness.Inbox).Count);
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("post")]
    public async Task Receive_Post_InAnyCase_IsAccepted(string method)
    {
        var outcome = await new ReceiverHarness().ReceiveAsync(ReceiverHarness.Request("sales-optin", Fixture.Bytes(Fixture.SalesOptIn), method: method));

        Assert.Equal(200, outcome.StatusCode);
        Assert.Null(outcome.Allow);
    }

    [Fact]
    public async Task Receive_MethodLeftUnset_IsTakenAsPost()
    {
        var request = ReceiverHarness.Request("sales-optin", Fixture.Bytes(Fixture.SalesOptIn));
        var unset = new RefAssuredReceiveRequest { EventRoute = request.EventRoute, GetHeader = request.GetHeader, Body = request.Body, ContentLength = request.ContentLength };

        var outcome = await new ReceiverHarness().ReceiveAsync(unset);

        Assert.Equal(200, outcome.StatusCode);
    }

    [Fact]
    public async Task Receive_PlainHttpWhereHttpsRequired_Returns403AndNeverReadsTheBody()
    {
        var body = new UnreadableStream();
        var harness = new ReceiverHarness(configure: o => o.RequireHttps = true);

        var outcome = await harness.ReceiveAsync(ReceiverHarness.Request("sales-optin", [], stream: body));

        Assert.Equal(403, outcome.StatusCode);
        Assert.Equal(RefAssuredReceiveStatus.HttpsRequired, outcome.Status);
        Assert.Null(outcome.Allow);
        Assert.False(body.WasRead);
    }

    [Theory]
    [InlineData(true, true, 200)]
    [InlineData(true, false, 403)]
    [InlineData(false, true, 200)]
    [InlineData(false, false, 200)]
    public async Task Receive_HttpsCheck_RefusesOnlyPlainHttpWhereRequired(bool requireHttps, bool isHttps, int statusCode)
    {
        var harness = new ReceiverHarness(configure: o => o.RequireHttps = requireHttps);

        var outcome = await harness.ReceiveAsync(ReceiverHarness.Request("sales-optin", Fixture.Bytes(Fixture.SalesOptIn), isHttps: isHttps));

        Assert.Equal(statusCode, outcome.StatusCode);
    }

    [Fact]
    public void Options_RequireHttps_IsOffByDefault()
    {
        Assert.False(new RefAssuredReceiverOptions().RequireHttps);
        Assert.False(new RefAssuredReceiveRequest { GetHeader = _ => null, Body = Stream.Null }.IsHttps);
    }

    [Fact]
    public async Task Receive_GetOverPlainHttpWhereHttpsRequired_Returns403()
    {
        var harness = new ReceiverHarness(configure: o => o.RequireHttps = true);

        var outcome = await harness.ReceiveAsync(ReceiverHarness.Request("sales-optin", [], method: "GET", key: null));

        Assert.Equal(403, outcome.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong")]
    public async Task Receive_BadKey_NeverReadsTheBody(string? key)
    {
        var body = new UnreadableStream();
        var harness = new ReceiverHarness();

        var outcome = await harness.ReceiveAsync(ReceiverHarness.Request("sales-optin", new byte[10_000_000], key: key, stream: body));

        Assert.Equal(401, outcome.StatusCode);
        Assert.False(body.WasRead);
    }

    [Fact]
    public async Task Receive_UnknownRoute_NeverReadsTheBody()
    {
        var body = new UnreadableStream();

        var outcome = await new ReceiverHarness().ReceiveAsync(ReceiverHarness.Request("nope", [], stream: body));

        Assert.Equal(404, outcome.StatusCode);
        Assert.False(body.WasRead);
    }

    [Fact]
    public async Task Receive_DeclaredTooLarge_NeverReadsTheBody()
    {
        var body = new UnreadableStream();
        var harness = new ReceiverHarness(configure: o => o.MaxBodySize = 1000);

        var outcome = await harness.ReceiveAsync(ReceiverHarness.Request("sales-optin", new byte[1001], stream: body));

        Assert.Equal(413, outcome.StatusCode);
        Assert.False(body.WasRead);
    }
}

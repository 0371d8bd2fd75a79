using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace RefAssured.Sdk.AspNetCore.Tests.Routing;

public sealed class MapRefAssuredWebhooksTests
{
    [Fact]
    public async Task Post_InboxCannotStore_Returns503AndNoHandlerRuns()
    {
        await using var failing = await WebhookHost.StartAsync((builder, _) => builder.Services.AddSingleton<IRefAssuredInbox>(new RefusingInbox()));

        var detail = await HttpAssert.ProblemAsync(await failing.PostEventAsync("sales-optin", Samples.SalesOptIn), 503, "store-unavailable");

        // What failed in general terms for the sender; the exception itself for the server's log only.
        Assert.Contains("the inbox is unavailable or full", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("disk is full", detail, StringComparison.Ordinal);
        Assert.Contains(failing.Logs.Entries, e => e.ToString().Contains("disk is full", StringComparison.Ordinal));
        Assert.Empty(failing.Recorder.Handled);
    }

    [Fact]
    public async Task Post_ResolverGivesNoKey_Returns401NoKeyConfigured()
    {
        await using var host = await WebhookHost.StartAsync((_, webhooks) => webhooks.AddKeyResolver<TenantKeyResolver>());

        var detail = await HttpAssert.ProblemAsync(await host.PostEventAsync("sales-optin", Samples.SalesOptIn), 401, "no-key-configured");

        Assert.Contains("No verification key is configured", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_RouteParameterInPrefix_ReachesResolverAndHandler()
    {
        await using var host = await WebhookHost.StartAsync(
            (_, webhooks) => webhooks.AddKeyResolver<TenantKeyResolver>(),
            app => app.MapRefAssuredWebhooks("/tenants/{tenant}/webhooks"));

        await HttpAssert.ProblemAsync(await host.PostAsync("/tenants/acme/webhooks/sales-optin", Samples.SalesOptIn, key: WebhookHost.Key), 401, "key-mismatch");
        await HttpAssert.AcceptedAsync(await host.PostAsync("/tenants/acme/webhooks/sales-optin", Samples.SalesOptIn, key: TenantKeyResolver.AcmeKey));

        var handled = Assert.Single(await host.Recorder.WaitForAsync(1));
        Assert.Equal("acme", handled.RouteValues["tenant"]);
        Assert.False(handled.RouteValues.ContainsKey("refassuredEvent"));
    }

    [Fact]
    public async Task MapOneEvent_AnyPath_RouteDecidesTheType()
    {
        await using var host = await WebhookHost.StartAsync(map: app =>
        {
            app.MapRefAssuredWebhook<SalesOptIn>("/hooks/leads");
            app.MapRefAssuredWebhook<CandidateOptIn>("/hooks/talent");
        });

        await HttpAssert.AcceptedAsync(await host.PostAsync("/hooks/leads", Samples.SalesOptIn));
        await HttpAssert.AcceptedAsync(await host.PostAsync("/hooks/talent", Samples.SalesOptIn));
        var notAllowed = await host.Client.PutAsync("/hooks/leads", new ByteArrayContent(Samples.SalesOptIn), TestContext.Current.CancellationToken);

        await HttpAssert.ProblemAsync(notAllowed, 405, "method-not-allowed");
        Assert.Equal("POST", notAllowed.Content.Headers.Allow.Single());
        var types = (await host.Recorder.WaitForAsync(2)).Select(h => h.Event.GetType()).ToHashSet();
        Assert.Equal([typeof(SalesOptIn), typeof(CandidateOptIn)], types);
    }

    [Fact]
    public async Task Map_ReturnsConventionBuilder_ConventionsApply()
    {
        await using var host = await WebhookHost.StartAsync(map: app => app.MapRefAssuredWebhooks(WebhookHost.Prefix).RequireHost("webhooks.example"));

        var otherHost = await host.PostEventAsync("sales-optin", Samples.SalesOptIn);
        using var request = new HttpRequestMessage(HttpMethod.Post, WebhookHost.Prefix + "/sales-optin") { Content = new ByteArrayContent(Samples.SalesOptIn) };
        request.Headers.Host = "webhooks.example";
        request.Headers.Add("x-refassured-key", WebhookHost.Key);
        var matchingHost = await host.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, otherHost.StatusCode);
        await HttpAssert.AcceptedAsync(matchingHost);
    }

    [Fact]
    public void Map_WithoutAddRefAssuredWebhooks_ThrowsNamingIt()
    {
        var app = WebApplication.CreateSlimBuilder().Build();

        var all = Assert.Throws<InvalidOperationException>(() => app.MapRefAssuredWebhooks("/webhooks/refassured"));
        var one = Assert.Throws<InvalidOperationException>(() => app.MapRefAssuredWebhook<SalesOptIn>("/hooks/leads"));

        Assert.Contains("AddRefAssuredWebhooks", all.Message, StringComparison.Ordinal);
        Assert.Contains("AddRefAssuredWebhooks", one.Message, StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> PostChunkedAsync(WebhookHost host, byte[] body)
    {
        var content = new StreamContent(new MemoryStream(body));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, WebhookHost.Prefix + "/sales-optin") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        request.Headers.Add("x-refassured-key", WebhookHost.Key);
        return await host.Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static async Task<object> ViewAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return new
        {
            Status = (int)response.StatusCode,
            ContentType = response.Content.Headers.ContentType?.ToString(),
            Allow = string.Join(", ", response.Content.Headers.Allow),
            Body = System.Text.Json.Nodes.JsonNode.Parse(body)!.AsObject().ToDictionary(p => p.Key, p => p.Value?.ToString()),
        };
    }
}

/// <summary>Keys per tenant route value; no tenant, no key.</summary>
internal sealed class TenantKeyResolver : IRefAssuredKeyResolver
{
    public const string AcmeKey = "acme-0f3a9c52-key";

    private static readonly RefAssuredKeySet Acme = new(AcmeKey);

    public ValueTask<RefAssuredKeySet> ResolveKeysAsync(RefAssuredKeyResolutionContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(context.RouteValues.TryGetValue("tenant", out var tenant) && tenant == "acme" ? Acme : RefAssuredKeySet.None);
}

/// <summary>An inbox that refuses every delivery, as a full disk would.</summary>
internal sealed class RefusingInbox : IRefAssuredInbox
{
    public ValueTask AppendAsync(RefAssuredDelivery delivery, CancellationToken cancellationToken) =>
        ValueTask.FromException(new RefAssuredInboxUnavailableException("The disk is full."));

    public async IAsyncEnumerable<RefAssuredDelivery> ReadAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        yield break;
    }

    public ValueTask CompleteAsync(RefAssuredDelivery delivery, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask FailAsync(RefAssuredDelivery delivery, RefAssuredDeliveryFailure failure, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask ReleaseAsync(RefAssuredDelivery delivery, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}

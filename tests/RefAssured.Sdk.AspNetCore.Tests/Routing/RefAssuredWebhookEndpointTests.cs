using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection;
using RefAssured.Sdk.Conformance;
using RefAssured.Sdk.Testing;

namespace RefAssured.Sdk.AspNetCore.Tests.Routing;

public sealed class RefAssuredWebhookEndpointTests
{
    [Fact]
    public async Task MalformedChunkedBody_Returns400BodyUnreadable()
    {
        await using var host = await WebhookHost.StartAsync();

        var head = await RawHttp.SendAsync(host.BaseAddress, $"""
            POST /webhooks/refassured/sales-optin HTTP/1.1
            Host: localhost
            Content-Type: application/json
            Transfer-Encoding: chunked
            x-refassured-key: {WebhookHost.Key}

            zz


            """, [], closeSending: false);

        Assert.StartsWith("HTTP/1.1 400", head, StringComparison.Ordinal);
        Assert.Contains("application/problem+json", head, StringComparison.Ordinal);
        Assert.Equal(0, host.Inbox.Count);
        Assert.Contains(host.Logs.For(2), e => e.Message.Contains("BodyUnreadable", StringComparison.Ordinal));
    }

    [Fact]
    public async Task BodyAboveKestrelsDefaultLimit_WithinMaxBodySize_IsAccepted()
    {
        // Kestrel refuses bodies over 30,000,000 bytes by default; the endpoint raises that for itself only.
        var body = Samples.ReportWith(PdfFactory.Create(23_000_000));
        Assert.True(body.Length > 30_000_000);
        await using var host = await WebhookHost.StartAsync(map: app =>
        {
            app.MapRefAssuredWebhooks(WebhookHost.Prefix);
            app.MapPost("/other", (HttpContext context) => context.Features.Get<IHttpMaxRequestBodySizeFeature>()!.MaxRequestBodySize);
        });

        await HttpAssert.AcceptedAsync(await host.PostEventAsync("reference-report", body));
        var other = await host.PostAsync("/other", [], key: null);

        Assert.Equal("30000000", await other.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task PlainHttpOutsideDevelopment_Returns403NamingHttps()
    {
        await using var host = await WebhookHost.StartAsync(environment: "Production");

        var detail = await HttpAssert.ProblemAsync(await host.PostEventAsync("sales-optin", Samples.SalesOptIn), 403, "https-required");

        Assert.Contains("HTTPS", detail, StringComparison.Ordinal);
        Assert.Equal(0, host.Inbox.Count);
        Assert.Contains(host.Logs.For(2), e => e.Message.Contains("HttpsRequired", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PlainHttpBehindProxyThatEndedTls_IsAccepted()
    {
        await using var host = await WebhookHost.StartAsync(
            (builder, _) => builder.Services.Configure<ForwardedHeadersOptions>(o => o.ForwardedHeaders = ForwardedHeaders.XForwardedProto),
            app =>
            {
                app.UseForwardedHeaders();
                app.MapRefAssuredWebhooks(WebhookHost.Prefix);
            },
            environment: "Production");
        using var request = new HttpRequestMessage(HttpMethod.Post, WebhookHost.Prefix + "/sales-optin") { Content = new ByteArrayContent(Samples.SalesOptIn) };
        request.Headers.Add("x-refassured-key", WebhookHost.Key);
        request.Headers.Add("X-Forwarded-Proto", "https");

        await HttpAssert.AcceptedAsync(await host.Client.SendAsync(request, TestContext.Current.CancellationToken));
        await HttpAssert.ProblemAsync(await host.PostEventAsync("sales-optin", Samples.SalesOptIn), 403, "https-required");
    }

    [Fact]
    public async Task RequireHttpsOff_PlainHttpOutsideDevelopment_IsAccepted()
    {
        await using var host = await WebhookHost.StartAsync(environment: "Production", settings: new Dictionary<string, string?> { ["RefAssured:RequireHttps"] = "false" });

        var response = await host.PostEventAsync("sales-optin", Samples.SalesOptIn);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}

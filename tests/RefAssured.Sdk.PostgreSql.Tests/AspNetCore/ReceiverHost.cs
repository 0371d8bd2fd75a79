using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RefAssured.Sdk.Testing;

namespace RefAssured.Sdk.PostgreSql.Tests.AspNetCore;

/// <summary>
/// An ASP.NET Core application on Kestrel (127.0.0.1, a free port) with the webhooks at
/// <c>/webhooks/refassured</c>, the health check at <c>/health</c>, the options bound from the
/// section <c>RefAssured</c> of the given settings, and a handler that records what it handled.
/// </summary>
internal sealed class ReceiverHost : IAsyncDisposable
{
    public const string Key = "postgres-aspnetcore-test-key";

    private ReceiverHost(WebApplication app, HandledDeliveries handled)
    {
        App = app;
        Handled = handled;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()), Timeout = TimeSpan.FromSeconds(60) };
    }

    public WebApplication App { get; }

    public HandledDeliveries Handled { get; }

    public HttpClient Client { get; }

    public static WebApplication Build(IDictionary<string, string?> settings, Action<WebApplicationBuilder, RefAssuredWebhooksBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Development",
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(settings) { ["RefAssured:Key"] = Key });
        builder.Services.AddSingleton<HandledDeliveries>();
        var webhooks = builder.Services.AddRefAssuredWebhooks().AddHandler<RecordingHandler>();
        configure?.Invoke(builder, webhooks);
        builder.Services.AddHealthChecks().AddRefAssuredWebhooks();
        var app = builder.Build();
        app.MapRefAssuredWebhooks("/webhooks/refassured");
        app.MapHealthChecks("/health");
        return app;
    }

    public static async Task<ReceiverHost> StartAsync(IDictionary<string, string?> settings, Action<WebApplicationBuilder, RefAssuredWebhooksBuilder>? configure = null)
    {
        var app = Build(settings, configure);
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new ReceiverHost(app, app.Services.GetRequiredService<HandledDeliveries>());
    }

    /// <summary>Posts the vendor's sales opt-in sample with the key.</summary>
    public async Task<HttpResponseMessage> PostLeadAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/refassured/sales-optin") { Content = new ByteArrayContent(Deliveries.SalesOptIn) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("x-refassured-key", Key);
        return await Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>Posts a lead and checks that it was accepted; returns its delivery id.</summary>
    public async Task<string> PostAcceptedLeadAsync()
    {
        using var response = await PostLeadAsync();
        return await Deliveries.AcceptedIdAsync(response);
    }

    public async Task<string> HealthAsync()
    {
        using var response = await Client.GetAsync("/health", TestContext.Current.CancellationToken);
        return await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
    }

    /// <summary>The delivery ids the recording handler was called with, in order.</summary>
    internal sealed class HandledDeliveries
    {
        private readonly ConcurrentQueue<string> _ids = new();

        public void Add(string deliveryId) => _ids.Enqueue(deliveryId);

        public Task WaitForAsync(string deliveryId) => Wait.UntilAsync(() => _ids.Contains(deliveryId), $"delivery {deliveryId} to be handled");
    }

    private sealed class RecordingHandler(HandledDeliveries handled) : IRefAssuredHandler<RefAssuredEvent>
    {
        public Task HandleAsync(RefAssuredEvent evt, RefAssuredEventContext context, CancellationToken cancellationToken)
        {
            handled.Add(context.DeliveryId);
            return Task.CompletedTask;
        }
    }
}

using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace RefAssured.Sdk.AspNetCore.Tests;

/// <summary>
/// A real ASP.NET Core application on Kestrel, bound to 127.0.0.1 on a free port, with the
/// webhooks mapped at <c>/webhooks/refassured</c>, the in-memory inbox, a recording handler for
/// every event and a captured log.
/// </summary>
internal sealed class WebhookHost : IAsyncDisposable
{
    public const string Key = "6d015479-0123-abcd-4567-e8ef634acf45";
    public const string Prefix = "/webhooks/refassured";

    private WebhookHost(WebApplication app, CapturedLogs logs, Recorder recorder)
    {
        App = app;
        Logs = logs;
        Recorder = recorder;
        BaseAddress = new Uri(app.Urls.Single());
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public WebApplication App { get; }

    public CapturedLogs Logs { get; }

    public Recorder Recorder { get; }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => App.Services;

    public InMemoryRefAssuredInbox Inbox => Assert.IsType<InMemoryRefAssuredInbox>(Get<IRefAssuredInbox>());

    /// <summary>Waits until the inbox has completed <paramref name="count"/> deliveries: nothing is left to handle.</summary>
    public async Task WaitForCompletedAsync(int count, int timeoutSeconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (Inbox.CompletedCount < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Only {Inbox.CompletedCount} of {count} deliveries were completed within {timeoutSeconds} s.");
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }

    public static WebApplicationBuilder CreateBuilder(CapturedLogs logs, string environment = "Development", IDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            EnvironmentName = environment,
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddProvider(logs);
        var defaults = new Dictionary<string, string?>
        {
            ["RefAssured:Key"] = Key,
            ["RefAssured:Inbox"] = "InMemory",
            ["RefAssured:ShutdownTimeout"] = "00:00:01",
        };
        foreach (var (name, value) in settings ?? new Dictionary<string, string?>())
        {
            defaults[name] = value;
        }

        builder.Configuration.AddInMemoryCollection(defaults);
        return builder;
    }

    public static async Task<WebhookHost> StartAsync(
        Action<WebApplicationBuilder, RefAssuredWebhooksBuilder>? configure = null,
        Action<WebApplication>? map = null,
        string environment = "Development",
        IDictionary<string, string?>? settings = null)
    {
        var logs = new CapturedLogs();
        var recorder = new Recorder();
        var builder = CreateBuilder(logs, environment, settings);
        builder.Services.AddSingleton(recorder);
        builder.Services.AddScoped<ScopedProbe>();
        var webhooks = builder.Services.AddRefAssuredWebhooks(builder.Configuration.GetSection("RefAssured")).AddHandler<RecordingHandler>();
        configure?.Invoke(builder, webhooks);
        var app = builder.Build();
        if (map is null)
        {
            app.MapRefAssuredWebhooks(Prefix);
        }
        else
        {
            map(app);
        }

        await app.StartAsync(TestContext.Current.CancellationToken);
        return new WebhookHost(app, logs, recorder);
    }

    public T Get<T>()
        where T : notnull => App.Services.GetRequiredService<T>();

    public Task<HttpResponseMessage> PostAsync(string path, byte[] body, string? key = Key, string? contentType = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        if (contentType is not null)
        {
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("x-refassured-key", key);
        }

        return Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public Task<HttpResponseMessage> PostEventAsync(string route, byte[] body, string? key = Key) => PostAsync($"{Prefix}/{route}", body, key);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
    }
}

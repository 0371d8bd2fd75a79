using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace RefAssured.Sdk.Testing.AspNetCore.Tests.Infrastructure;

/// <summary>
/// An application that receives RefAssured webhooks at <c>/webhooks/refassured</c>, hosted on
/// <see cref="TestServer"/> with the test handlers and the testing registration. Its inbox is the
/// in-memory one or the file inbox in a fresh temporary directory.
/// </summary>
public sealed class TestApp : IAsyncDisposable
{
    public const string Key = "test-app-key-2f9c";

    private readonly WebApplication _app;
    private readonly string _directory;

    private TestApp(WebApplication app, string directory)
    {
        _app = app;
        _directory = directory;
        Client = app.GetTestClient();
    }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public HandlerLog Log => Services.GetRequiredService<HandlerLog>();

    public static async Task<TestApp> StartAsync(string inbox = "InMemory", Dictionary<string, string?>? settings = null, bool addTesting = true, Action<WebApplication>? map = null)
    {
        var directory = Directory.CreateTempSubdirectory("refassured-testing-").FullName;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Development", Args = [] });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["RefAssured:Key"] = Key,
            ["RefAssured:Inbox"] = inbox,
            ["RefAssured:InboxDirectory"] = Path.Combine(directory, "inbox"),
            ["RefAssured:ShutdownTimeout"] = "00:00:01",
        });
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        builder.Services.AddSingleton<HandlerLog>();
        builder.Services.AddRefAssuredWebhooks()
            .AddHandler<LeadHandler>()
            .AddHandler<NoteHandler>()
            .AddHandler<CandidateHandler>()
            .AddHandler<ReportHandler>();
        if (addTesting)
        {
            builder.Services.AddRefAssuredTesting();
        }

        var app = builder.Build();
        (map ?? (a => a.MapRefAssuredWebhooks("/webhooks/refassured")))(app);
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new TestApp(app, directory);
    }

    public async ValueTask DisposeAsync()
    {
        // A handler still waiting must not hold up the shutdown.
        Log.ReportGate.TrySetResult();
        Client.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}

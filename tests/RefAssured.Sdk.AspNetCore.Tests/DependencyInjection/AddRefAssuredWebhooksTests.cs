using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace RefAssured.Sdk.AspNetCore.Tests.DependencyInjection;

public sealed class AddRefAssuredWebhooksTests
{
    [Fact]
    public async Task Default_InboxIsTheDurableFileInbox()
    {
        await using var services = Services(new() { ["RefAssured:Key"] = "k" });

        var inbox = services.GetRequiredService<IRefAssuredInbox>();

        var file = Assert.IsType<FileRefAssuredInbox>(inbox);
        Assert.Equal(Path.GetFullPath(FileRefAssuredInboxOptions.DefaultDirectory), file.Directory);
        Assert.Same(inbox, services.GetRequiredService<IRefAssuredDeadLetterStore>());
        Assert.Same(inbox, services.GetRequiredService<IRefAssuredInboxMonitor>());
    }

    [Fact]
    public async Task InMemoryInbox_IsOptIn_WithItsCapacity()
    {
        await using var services = Services(new() { ["RefAssured:Key"] = "k", ["RefAssured:Inbox"] = "InMemory", ["RefAssured:InMemoryInboxCapacity"] = "25" });

        var inbox = Assert.IsType<InMemoryRefAssuredInbox>(services.GetRequiredService<IRefAssuredInbox>());

        Assert.Equal(25, inbox.Capacity);
    }

    [Fact]
    public void AddTwice_WithTheSameHandlerTwice_RegistersEverythingOnce()
    {
        var collection = new ServiceCollection();
        var configuration = Configuration(new() { ["RefAssured:Key"] = "k" });

        collection.AddRefAssuredWebhooks(configuration.GetSection("RefAssured")).AddHandler<RecordingHandler>();
        collection.AddRefAssuredWebhooks(o => o.MaxConcurrency = 2).AddHandler<RecordingHandler>().AddHandler<RecordingHandler>();

        Assert.Single(collection, d => d.ServiceType == typeof(IHostedService));
        Assert.Single(collection, d => d.ServiceType == typeof(RecordingHandler));
        Assert.Single(collection, d => d.ServiceType == typeof(RefAssuredReceiver));
        Assert.Single(collection, d => d.ServiceType == typeof(RefAssuredWebhooksRegistry));
        Assert.Equal(2, collection.Count(d => d.ServiceType == typeof(IValidateOptions<RefAssuredWebhookOptions>)));
    }

    [Fact]
    public async Task AddTwice_DeliveryIsHandledOnce()
    {
        await using var host = await WebhookHost.StartAsync((builder, _) =>
            builder.Services.AddRefAssuredWebhooks(builder.Configuration.GetSection("RefAssured")).AddHandler<RecordingHandler>());

        await HttpAssert.AcceptedAsync(await host.PostEventAsync("sales-optin", Samples.SalesOptIn));

        await host.WaitForCompletedAsync(1);
        Assert.Single(host.Recorder.Handled);
    }

    [Fact]
    public void AddHandler_ClassThatHandlesNoEvent_ThrowsNamingTheInterface()
    {
        var builder = new ServiceCollection().AddRefAssuredWebhooks();

        var error = Assert.Throws<ArgumentException>(() => builder.AddHandler<ScopedProbe>());

        Assert.Contains("IRefAssuredHandler<T>", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Options_BoundFromConfiguration_ReachTheCore()
    {
        await using var services = Services(new()
        {
            ["RefAssured:Key"] = "first",
            ["RefAssured:AdditionalKeys:0"] = "second",
            ["RefAssured:MaxBodySize"] = "4096",
            ["RefAssured:Retry:MaxAttempts"] = "3",
            ["RefAssured:HealthCheck:DegradedDepth"] = "7",
        });

        var options = services.GetRequiredService<IOptions<RefAssuredWebhookOptions>>().Value;

        Assert.Equal(["second"], options.AdditionalKeys);
        Assert.Equal(4096, options.MaxBodySize);
        Assert.Equal(3, options.Retry.ToPolicy().MaxAttempts);
        Assert.Equal(7, options.HealthCheck.DegradedDepth);
        Assert.True(options.RequireHttps, "HTTPS is required outside Development by default.");
    }

    [Fact]
    public async Task KeyFromTheEnvironmentVariableName_IsUsedWhenNoKeyIsConfigured()
    {
        // The environment-variables provider puts REFASSURED_WEBHOOK_KEY at the root of configuration.
        await using var host = await WebhookHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["RefAssured:Key"] = null,
            [RefAssuredWebhookOptions.KeyEnvironmentVariable] = "key-from-environment",
        });

        await HttpAssert.AcceptedAsync(await host.PostEventAsync("sales-optin", Samples.SalesOptIn, key: "key-from-environment"));
        await HttpAssert.ProblemAsync(await host.PostEventAsync("sales-optin", Samples.SalesOptIn), 401, "key-mismatch");
    }

    [Fact]
    public async Task Start_InvalidOptions_ReportsEveryProblemAtOnce()
    {
        var logs = new CapturedLogs();
        var builder = WebhookHost.CreateBuilder(logs, "Production", new Dictionary<string, string?>
        {
            ["RefAssured:Key"] = null,
            ["RefAssured:ShutdownTimeout"] = "-00:00:01",
            ["RefAssured:InboxCompletedBodyRetention"] = "-1.00:00:00",
            ["RefAssured:MaxConcurrency"] = "0",
            ["RefAssured:MaxBodySize"] = "10",
            ["RefAssured:Retry:MaxAttempts"] = "0",
            ["RefAssured:HealthCheck:DegradedDepth"] = "100",
            ["RefAssured:HealthCheck:UnhealthyDepth"] = "10",
        });
        builder.Services.AddRefAssuredWebhooks(builder.Configuration.GetSection("RefAssured"));
        await using var app = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        var failures = error.Failures.ToList();
        Assert.True(failures.Count == 7, string.Join("\n", failures));
        Assert.Contains(failures, f => f.Contains("MaxAttempts", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("MaxConcurrency", StringComparison.Ordinal));
        Assert.Contains(
            "No RefAssured verification key is configured: set the configuration key 'RefAssured:Key' or the environment variable REFASSURED_WEBHOOK_KEY to the key shown in RefAssured's webhook settings (or register a key resolver with AddKeyResolver<T>()).",
            failures);
        Assert.Contains("The value of the configuration key 'RefAssured:ShutdownTimeout' must be at least 00:00:00 (was -00:00:01).", failures);
        Assert.Contains("The value of the configuration key 'RefAssured:InboxCompletedBodyRetention' must be at least 00:00:00 (was -1.00:00:00).", failures);
        Assert.Contains(failures, f => f.Contains("'RefAssured:HealthCheck:DegradedDepth' (100) must not be above the Unhealthy threshold (10)", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("'RefAssured:MaxBodySize' must be between 1024 and", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_KeyWithStraySpace_IsRefusedNamingTheSetting()
    {
        var builder = WebhookHost.CreateBuilder(new CapturedLogs(), "Production", new Dictionary<string, string?> { ["RefAssured:AdditionalKeys:0"] = "next-key " });
        builder.Services.AddRefAssuredWebhooks(builder.Configuration.GetSection("RefAssured"));
        await using var app = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        Assert.Equal(
            "The value of the configuration key 'RefAssured:AdditionalKeys:0' starts or ends with white space; RefAssured compares the key exactly, so remove it.",
            Assert.Single(error.Failures));
    }

    [Fact]
    public async Task Start_OptionsFromCodeWithoutKey_NamesThePropertyAndTheEnvironmentVariable()
    {
        var builder = WebhookHost.CreateBuilder(new CapturedLogs(), "Production");
        builder.Services.AddRefAssuredWebhooks(o => o.Key = null);
        await using var app = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        var failure = Assert.Single(error.Failures);
        Assert.Contains("RefAssuredWebhookOptions.Key", failure, StringComparison.Ordinal);
        Assert.Contains("REFASSURED_WEBHOOK_KEY", failure, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = Configuration(settings);
        var collection = new ServiceCollection().AddLogging().AddSingleton(configuration);
        collection.AddRefAssuredWebhooks(configuration.GetSection("RefAssured"));
        return collection.BuildServiceProvider();
    }
}

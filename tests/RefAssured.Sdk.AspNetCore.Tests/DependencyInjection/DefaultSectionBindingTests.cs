using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace RefAssured.Sdk.AspNetCore.Tests.DependencyInjection;

public sealed class DefaultSectionBindingTests
{
    [Fact]
    public async Task Parameterless_BindsTheRefAssuredSection()
    {
        await using var services = Services(
            new()
            {
                ["RefAssured:Key"] = "section-key",
                ["RefAssured:AdditionalKeys:0"] = "next-key",
                ["RefAssured:MaxBodySize"] = "4096",
                ["RefAssured:Inbox"] = "InMemory",
                ["RefAssured:InMemoryInboxCapacity"] = "25",
                ["RefAssured:Retry:MaxAttempts"] = "3",
            },
            s => s.AddRefAssuredWebhooks());

        var options = services.GetRequiredService<IOptions<RefAssuredWebhookOptions>>().Value;

        Assert.Equal("section-key", options.Key);
        Assert.Equal(["next-key"], options.AdditionalKeys);
        Assert.Equal(4096, options.MaxBodySize);
        Assert.Equal(3, options.Retry.MaxAttempts);
        Assert.Equal(25, Assert.IsType<InMemoryRefAssuredInbox>(services.GetRequiredService<IRefAssuredInbox>()).Capacity);
    }

    [Fact]
    public async Task Parameterless_KeyInTheSection_WinsOverTheEnvironmentVariableName()
    {
        await using var services = Services(
            new() { ["RefAssured:Key"] = "section-key", [RefAssuredWebhookOptions.KeyEnvironmentVariable] = "environment-key" },
            s => s.AddRefAssuredWebhooks());

        Assert.Equal("section-key", services.GetRequiredService<IOptions<RefAssuredWebhookOptions>>().Value.Key);
    }

    [Fact]
    public async Task Parameterless_WithoutKeyInTheSection_TakesTheEnvironmentVariableName()
    {
        await using var services = Services(
            new() { ["RefAssured:MaxConcurrency"] = "2", [RefAssuredWebhookOptions.KeyEnvironmentVariable] = "environment-key" },
            s => s.AddRefAssuredWebhooks());

        var options = services.GetRequiredService<IOptions<RefAssuredWebhookOptions>>().Value;

        Assert.Equal("environment-key", options.Key);
        Assert.Equal(2, options.MaxConcurrency);
    }

    [Fact]
    public async Task AnotherSection_IsBoundInsteadOfTheConventionalOne_WhicheverCallComesFirst()
    {
        var settings = new Dictionary<string, string?>
        {
            ["RefAssured:Key"] = "conventional",
            ["RefAssured:MaxConcurrency"] = "2",
            ["Webhooks:Key"] = "chosen",
        };

        await using var before = Services(settings, s => s.AddRefAssuredWebhooks());
        await using var replaced = Services(settings, (s, c) =>
        {
            s.AddRefAssuredWebhooks();
            s.AddRefAssuredWebhooks(c.GetSection("Webhooks"));
        });

        Assert.Equal(2, before.GetRequiredService<IOptions<RefAssuredWebhookOptions>>().Value.MaxConcurrency);
        var options = replaced.GetRequiredService<IOptions<RefAssuredWebhookOptions>>().Value;
        Assert.Equal("chosen", options.Key);
        Assert.Equal(4, options.MaxConcurrency);
    }

    [Fact]
    public async Task OptionsFromCode_RunAfterTheConventionalSection()
    {
        await using var services = Services(
            new() { ["RefAssured:Key"] = "section-key", ["RefAssured:MaxConcurrency"] = "2", ["RefAssured:MaxBodySize"] = "4096" },
            s => s.AddRefAssuredWebhooks().Services.AddRefAssuredWebhooks(o => o.MaxConcurrency = 8));

        var options = services.GetRequiredService<IOptions<RefAssuredWebhookOptions>>().Value;

        Assert.Equal("section-key", options.Key);
        Assert.Equal(4096, options.MaxBodySize);
        Assert.Equal(8, options.MaxConcurrency);
    }

    [Fact]
    public async Task Start_ParameterlessWithoutKey_NamesTheConfigurationKey()
    {
        var builder = WebhookHost.CreateBuilder(new CapturedLogs(), "Production", new Dictionary<string, string?> { ["RefAssured:Key"] = null });
        builder.Services.AddRefAssuredWebhooks();
        await using var app = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("set the configuration key 'RefAssured:Key' or the environment variable REFASSURED_WEBHOOK_KEY", Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parameterless_InAWebApplication_ReceivesWithTheKeyFromTheSection()
    {
        var builder = WebhookHost.CreateBuilder(new CapturedLogs(), settings: new Dictionary<string, string?> { ["RefAssured:Key"] = "section-key" });
        builder.Services.AddSingleton(new Recorder());
        builder.Services.AddScoped<ScopedProbe>();
        builder.Services.AddRefAssuredWebhooks().AddHandler<RecordingHandler>();
        await using var app = builder.Build();
        app.MapRefAssuredWebhooks(WebhookHost.Prefix);
        await app.StartAsync(TestContext.Current.CancellationToken);
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

        using var accepted = await PostAsync(client, "section-key");
        using var refused = await PostAsync(client, WebhookHost.Key + "-other");

        await HttpAssert.AcceptedAsync(accepted);
        await HttpAssert.ProblemAsync(refused, 401, "key-mismatch");
        await app.StopAsync(TestContext.Current.CancellationToken);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{WebhookHost.Prefix}/sales-optin") { Content = new ByteArrayContent(Samples.SalesOptIn) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.TryAddWithoutValidation("x-refassured-key", key);
        return client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings, Action<IServiceCollection> add) =>
        Services(settings, (s, _) => add(s));

    private static ServiceProvider Services(Dictionary<string, string?> settings, Action<IServiceCollection, IConfiguration> add)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var collection = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        add(collection, configuration);
        return collection.BuildServiceProvider();
    }
}

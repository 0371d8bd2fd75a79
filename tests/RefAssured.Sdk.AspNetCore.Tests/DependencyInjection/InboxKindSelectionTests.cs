using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace RefAssured.Sdk.AspNetCore.Tests.DependencyInjection;

/// <summary>How <c>RefAssured:Inbox</c> picks an inbox another package registers, and which options each inbox reads.</summary>
public sealed class InboxKindSelectionTests
{
    [Fact]
    public async Task Start_InboxPostgreSqlWithoutItsPackage_FailsBeforeListeningNamingThePackage()
    {
        var builder = WebhookHost.CreateBuilder(new CapturedLogs(), settings: new Dictionary<string, string?> { ["RefAssured:Inbox"] = "PostgreSql" });
        builder.Services.AddRefAssuredWebhooks(builder.Configuration.GetSection("RefAssured"));
        await using var app = builder.Build();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        Assert.Equal(
            "RefAssured:Inbox is PostgreSql, but no PostgreSQL inbox is registered: add the RefAssured.Sdk.AspNetCore.PostgreSql " +
            "package and call AddPostgreSqlInbox() on AddRefAssuredWebhooks().",
            error.Message);
        Assert.Empty(app.Urls);
    }

    [Fact]
    public async Task InboxPostgreSql_ResolvesTheKeyedInbox_AsDeadLetterStoreAndMonitorToo()
    {
        var registered = new InMemoryRefAssuredInbox();
        await using var services = Services(
            new() { ["RefAssured:Inbox"] = "PostgreSql" },
            collection => collection.AddKeyedSingleton<IRefAssuredInbox>(RefAssuredInboxKind.PostgreSql, registered));

        Assert.Same(registered, services.GetRequiredService<IRefAssuredInbox>());
        Assert.Same(registered, services.GetRequiredService<IRefAssuredDeadLetterStore>());
        Assert.Same(registered, services.GetRequiredService<IRefAssuredInboxMonitor>());
    }

    [Fact]
    public async Task InboxFile_IgnoresTheKeyedPostgreSqlInbox()
    {
        await using var services = Services(
            new() { ["RefAssured:Inbox"] = "File" },
            collection => collection.AddKeyedSingleton<IRefAssuredInbox>(RefAssuredInboxKind.PostgreSql, new InMemoryRefAssuredInbox()));

        Assert.IsType<FileRefAssuredInbox>(services.GetRequiredService<IRefAssuredInbox>());
    }

    [Fact]
    public async Task InboxPostgreSql_IgnoresTheFileInboxDirectoryAndQuota_ButChecksRetention()
    {
        var settings = new Dictionary<string, string?>
        {
            ["RefAssured:InboxDirectory"] = "",
            ["RefAssured:InboxSizeQuota"] = "1",
            ["RefAssured:InboxDeadLetterRetention"] = "00:00:00",
        };
        await using var postgres = Services(new(settings) { ["RefAssured:Inbox"] = "PostgreSql" });
        await using var file = Services(new(settings) { ["RefAssured:Inbox"] = "File" });

        var postgresFailures = Assert.Throws<OptionsValidationException>(() => postgres.GetRequiredService<IOptions<RefAssuredWebhookOptions>>().Value).Failures.ToList();
        var fileFailures = Assert.Throws<OptionsValidationException>(() => file.GetRequiredService<IOptions<RefAssuredWebhookOptions>>().Value).Failures.ToList();

        Assert.Equal(["The value of the configuration key 'RefAssured:InboxDeadLetterRetention' must be at least 00:00:01 (was 00:00:00)."], postgresFailures);
        Assert.Equal(3, fileFailures.Count);
        Assert.Contains("The value of the configuration key 'RefAssured:InboxDirectory' is empty; the file inbox needs a directory.", fileFailures);
        Assert.Contains(fileFailures, f => f.StartsWith("The value of the configuration key 'RefAssured:InboxSizeQuota' must be at least", StringComparison.Ordinal));
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings, Action<IServiceCollection>? configure = null)
    {
        settings["RefAssured:Key"] = "k";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var collection = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        configure?.Invoke(collection);
        collection.AddRefAssuredWebhooks(configuration.GetSection("RefAssured"));
        return collection.BuildServiceProvider();
    }
}

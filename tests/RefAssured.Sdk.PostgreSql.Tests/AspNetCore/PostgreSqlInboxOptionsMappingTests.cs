using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace RefAssured.Sdk.PostgreSql.Tests.AspNetCore;

/// <summary>What the PostgreSQL inbox's options take from the application's RefAssured configuration, and what code overrides.</summary>
public sealed class PostgreSqlInboxOptionsMappingTests
{
    [Fact]
    public async Task Options_TakeRetentionFromTheWebhookOptions_AndLeaseAndSchemaFromThePostgreSqlSubsection()
    {
        await using var services = Services(new()
        {
            ["RefAssured:InboxRetention"] = "2.00:00:00",
            ["RefAssured:InboxCompletedBodyRetention"] = "06:00:00",
            ["RefAssured:InboxDeadLetterRetention"] = "10.00:00:00",
            ["RefAssured:PostgreSql:Schema"] = "webhooks",
            ["RefAssured:PostgreSql:LeaseDuration"] = "00:00:05",
            ["RefAssured:PostgreSql:PollInterval"] = "00:00:02",
            ["RefAssured:PostgreSql:InstanceName"] = "web-1",
            ["ConnectionStrings:RefAssured"] = "Host=db;Database=app",
        });

        var options = services.GetRequiredService<IOptions<PostgreSqlRefAssuredInboxOptions>>().Value;

        Assert.Equal(TimeSpan.FromDays(2), options.Retention);
        Assert.Equal(TimeSpan.FromHours(6), options.CompletedBodyRetention);
        Assert.Equal(TimeSpan.FromDays(10), options.DeadLetterRetention);
        Assert.Equal("webhooks", options.Schema);
        Assert.Equal(TimeSpan.FromSeconds(5), options.LeaseDuration);
        Assert.Equal(TimeSpan.FromSeconds(2), options.PollInterval);
        Assert.Equal("web-1", options.InstanceName);
        Assert.Equal("Host=db;Database=app", options.ConnectionString);
        Assert.NotNull(options.Observer);
        Assert.Empty(options.Validate());
    }

    [Fact]
    public async Task Configure_RunsAfterConfiguration_AndEachCallRuns()
    {
        await using var services = Services(
            new() { ["RefAssured:PostgreSql:LeaseDuration"] = "00:00:05", ["RefAssured:InboxRetention"] = "2.00:00:00" },
            webhooks => webhooks
                .AddPostgreSqlInbox(o => o.LeaseDuration = TimeSpan.FromSeconds(9))
                .AddPostgreSqlInbox(o => o.Retention = TimeSpan.FromDays(3)));

        var options = services.GetRequiredService<IOptions<PostgreSqlRefAssuredInboxOptions>>().Value;

        Assert.Equal(TimeSpan.FromSeconds(9), options.LeaseDuration);
        Assert.Equal(TimeSpan.FromDays(3), options.Retention);
        Assert.Single(services.GetRequiredService<IEnumerable<Microsoft.Extensions.Hosting.IHostedService>>(), s => s.GetType().Name == "PostgreSqlInboxOpener");
    }

    [Fact]
    public async Task LeaseDurationThatIsNotADuration_IsRefusedNamingTheKey()
    {
        await using var services = Services(new() { ["RefAssured:PostgreSql:LeaseDuration"] = "thirty seconds" });

        var error = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<IOptions<PostgreSqlRefAssuredInboxOptions>>().Value);

        Assert.Equal("The value of the configuration key 'RefAssured:PostgreSql:LeaseDuration' is not a duration such as 00:00:30 (was 'thirty seconds').", error.Message);
    }

    [Fact]
    public async Task InvalidInboxOptions_FailTheInboxWithEveryProblem()
    {
        await using var services = Services(new()
        {
            ["RefAssured:Inbox"] = "PostgreSql",
            ["RefAssured:PostgreSql:Schema"] = "Not-A-Schema",
            ["RefAssured:PostgreSql:LeaseDuration"] = "00:00:00.5",
            ["ConnectionStrings:RefAssured"] = "Host=db;Database=app",
        });

        var error = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<IRefAssuredInbox>());

        Assert.StartsWith("The PostgreSQL inbox's options are not valid: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("Schema", error.Message, StringComparison.Ordinal);
        Assert.Contains("LeaseDuration", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsePostgreSqlInbox_SelectsItOverTheConfiguredInbox()
    {
        await using var services = Services(new() { ["RefAssured:Inbox"] = "InMemory" }, webhooks => webhooks.UsePostgreSqlInbox("Host=db;Database=app"));

        var inbox = services.GetRequiredService<IRefAssuredInbox>();

        Assert.IsType<PostgreSqlRefAssuredInbox>(inbox);
        Assert.Equal("Host=db;Database=app", services.GetRequiredService<IOptions<PostgreSqlRefAssuredInboxOptions>>().Value.ConnectionString);
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings, Action<RefAssuredWebhooksBuilder>? configure = null)
    {
        settings["RefAssured:Key"] = "k";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var collection = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        var webhooks = collection.AddRefAssuredWebhooks();
        (configure ?? (w => w.AddPostgreSqlInbox()))(webhooks);
        return collection.BuildServiceProvider();
    }
}

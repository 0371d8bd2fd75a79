using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RefAssured.Sdk.AspNetCore;
using RefAssured.Sdk.PostgreSql.Tests.Infrastructure;
using RefAssured.Sdk.Testing;

namespace RefAssured.Sdk.PostgreSql.Tests.AspNetCore;

/// <summary>The ways an ASP.NET Core application gets the PostgreSQL inbox, each against a real database.</summary>
public sealed class AddPostgreSqlInboxTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task ConfigurationOnly_InboxPostgreSqlAndConnectionString_CommitsTheDeliveryAndHandlesIt()
    {
        await using var host = await ReceiverHost.StartAsync(
            new Dictionary<string, string?> { ["RefAssured:Inbox"] = "PostgreSql", ["ConnectionStrings:RefAssured"] = database.ConnectionString },
            (_, webhooks) => webhooks.AddPostgreSqlInbox());

        var id = await host.PostAcceptedLeadAsync();

        // The 200 came after the commit: the row is there whatever the worker has done since.
        Assert.Equal(1L, await database.ScalarAsync($"SELECT count(*) FROM refassured.deliveries WHERE delivery_id = '{id}'"));
        await host.Handled.WaitForAsync(id);
        await Wait.UntilAsync(async () => (short?)await database.ScalarAsync($"SELECT state FROM refassured.deliveries WHERE delivery_id = '{id}'") == 5, "the delivery's row to be completed");
        var inbox = Assert.IsType<PostgreSqlRefAssuredInbox>(host.App.Services.GetRequiredService<IRefAssuredInbox>());
        Assert.Same(inbox, host.App.Services.GetRequiredService<IRefAssuredDeadLetterStore>());
        Assert.Same(inbox, host.App.Services.GetRequiredService<IRefAssuredInboxMonitor>());
        Assert.Equal("Healthy", await host.HealthAsync());
    }

    [Fact]
    public async Task UsePostgreSqlInbox_WithConnectionString_WinsOverInboxFileInConfiguration()
    {
        await using var host = await ReceiverHost.StartAsync(
            new Dictionary<string, string?> { ["RefAssured:Inbox"] = "File" },
            (_, webhooks) => webhooks.UsePostgreSqlInbox(database.ConnectionString));

        var id = await host.PostAcceptedLeadAsync();

        Assert.Equal(1L, await database.ScalarAsync($"SELECT count(*) FROM refassured.deliveries WHERE delivery_id = '{id}'"));
        await host.Handled.WaitForAsync(id);
        Assert.IsType<PostgreSqlRefAssuredInbox>(host.App.Services.GetRequiredService<IRefAssuredInbox>());
    }

    [Fact]
    public async Task DataSourceFromTheServices_IsUsedWhenNoConnectionStringIsGiven()
    {
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        await using var host = await ReceiverHost.StartAsync(
            new Dictionary<string, string?>(),
            (builder, webhooks) =>
            {
                builder.Services.AddSingleton(dataSource);
                webhooks.UsePostgreSqlInbox(o => o.Schema = "from_data_source");
            });

        var id = await host.PostAcceptedLeadAsync();

        Assert.Equal(1L, await database.ScalarAsync($"SELECT count(*) FROM from_data_source.deliveries WHERE delivery_id = '{id}'"));
        await host.Handled.WaitForAsync(id);
        var options = host.App.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<PostgreSqlRefAssuredInboxOptions>>().Value;
        Assert.Same(dataSource, options.DataSource);
        Assert.Null(options.ConnectionString);
    }

    [Fact]
    public async Task ConnectionStringInCode_WinsOverConfigurationAndServices()
    {
        await using var dataSource = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Database=never_used");
        await using var host = await ReceiverHost.StartAsync(
            new Dictionary<string, string?> { ["ConnectionStrings:RefAssured"] = "Host=127.0.0.1;Port=1;Database=never_used" },
            (builder, webhooks) =>
            {
                builder.Services.AddSingleton(dataSource);
                webhooks.UsePostgreSqlInbox(o => o.ConnectionString = database.ConnectionString);
            });

        var id = await host.PostAcceptedLeadAsync();

        Assert.Equal(1L, await database.ScalarAsync($"SELECT count(*) FROM refassured.deliveries WHERE delivery_id = '{id}'"));
    }

    [Fact]
    public async Task NoConnectionAnywhere_StartFails_NamingEveryWayToGiveOne()
    {
        await using var app = ReceiverHost.Build(
            new Dictionary<string, string?> { ["RefAssured:Inbox"] = "PostgreSql" },
            (_, webhooks) => webhooks.AddPostgreSqlInbox());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("no database is configured for the PostgreSQL inbox", error.Message, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings:RefAssured", error.Message, StringComparison.Ordinal);
        Assert.Contains("UsePostgreSqlInbox(connectionString)", error.Message, StringComparison.Ordinal);
        Assert.Contains("NpgsqlDataSource", error.Message, StringComparison.Ordinal);
        Assert.Empty(app.Urls);
    }

    [Fact]
    public async Task ServerThatRefusesConnections_StartFails_BeforeListening()
    {
        await using var app = ReceiverHost.Build(
            new Dictionary<string, string?> { ["RefAssured:Inbox"] = "PostgreSql", ["ConnectionStrings:RefAssured"] = "Host=127.0.0.1;Port=1;Database=none;Timeout=5;Password=not-in-the-message" },
            (_, webhooks) => webhooks.AddPostgreSqlInbox());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        Assert.StartsWith("The PostgreSQL inbox could not open its database (schema 'refassured'):", error.Message, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings:RefAssured", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-in-the-message", error.Message, StringComparison.Ordinal);
        Assert.IsType<RefAssuredInboxUnavailableException>(error.InnerException);
        Assert.Empty(app.Urls);
    }

    [Fact]
    public async Task InboxFileInConfiguration_WithAddPostgreSqlInbox_UsesTheFileInboxAndNoDatabase()
    {
        var directory = Directory.CreateTempSubdirectory("refassured-file-inbox-").FullName;
        try
        {
            await using var host = await ReceiverHost.StartAsync(
                new Dictionary<string, string?> { ["RefAssured:InboxDirectory"] = directory },
                (_, webhooks) => webhooks.AddPostgreSqlInbox());

            var id = await host.PostAcceptedLeadAsync();

            await host.Handled.WaitForAsync(id);
            Assert.IsType<FileRefAssuredInbox>(host.App.Services.GetRequiredService<IRefAssuredInbox>());
            Assert.Equal(RefAssuredInboxKind.File, host.App.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<RefAssuredWebhookOptions>>().Value.Inbox);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}

using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RefAssured.Sdk.PostgreSql.Tests.Infrastructure;
using RefAssured.Sdk.Testing;

namespace RefAssured.Sdk.PostgreSql.Tests.AspNetCore;

/// <summary>An ASP.NET Core receiver on the PostgreSQL inbox while its database refuses writes or is gone, and after.</summary>
[Trait("Category", "Integration")]
public sealed class DatabaseOutageTests
{
    private const string StoreUnavailable = "urn:refassured-sdk:problem:store-unavailable";

    [Fact]
    public async Task ReadOnlyDatabase_Answers503NeverA200_ThenAcceptsAgainOnceWritable()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var host = await ReceiverHost.StartAsync(new Dictionary<string, string?>(), (_, webhooks) => webhooks.UsePostgreSqlInbox(database.ConnectionString));
        var rows = new InboxRows(database.ConnectionString, "refassured");
        await host.Handled.WaitForAsync(await host.PostAcceptedLeadAsync());

        await SetReadOnlyAsync(database, readOnly: true);
        for (var i = 0; i < 5; i++)
        {
            using var response = await host.PostLeadAsync();
            Assert.Equal(StoreUnavailable, await Deliveries.UnavailableTypeAsync(response));
        }

        Assert.Single(await rows.ReadAsync());
        await SetReadOnlyAsync(database, readOnly: false);
        var id = await FirstAcceptedAsync(host);
        await host.Handled.WaitForAsync(id);
        Assert.Equal(2, (await rows.ReadAsync()).Count);
    }

    [Fact]
    public async Task ServerDown_Answers503AndReportsUnhealthy_ThenAcceptsAndHandlesAgainWhenItIsBack()
    {
        await using var server = await PostgresServer.StartAsync("aspnetcore-outage");
        await using var host = await ReceiverHost.StartAsync(new Dictionary<string, string?>(), (_, webhooks) => webhooks.UsePostgreSqlInbox(server.ConnectionString + ";Timeout=5"));
        await host.Handled.WaitForAsync(await host.PostAcceptedLeadAsync());
        Assert.Equal("Healthy", await host.HealthAsync());

        await server.HaltAsync();
        for (var i = 0; i < 3; i++)
        {
            using var response = await host.PostLeadAsync();
            Assert.Equal(StoreUnavailable, await Deliveries.UnavailableTypeAsync(response));
        }

        Assert.Equal("Unhealthy", await host.HealthAsync());
        await server.ResumeAsync();
        var back = Stopwatch.StartNew();
        var id = await FirstAcceptedAsync(host);
        var acceptedAfter = back.Elapsed;
        await host.Handled.WaitForAsync(id);
        var handledAfter = back.Elapsed;
        await Wait.UntilAsync(async () => await host.HealthAsync() == "Healthy", "the health check to report Healthy again");
        TestContext.Current.TestOutputHelper?.WriteLine($"Back up: first 200 after {acceptedAfter.TotalSeconds:F1} s, handled after {handledAfter.TotalSeconds:F1} s.");
    }

    // The first requests may meet pooled connections the server closed: they get 503 too, never an error.
    private static async Task<string> FirstAcceptedAsync(ReceiverHost host)
    {
        string? id = null;
        await Wait.UntilAsync(
            async () =>
            {
                using var response = await host.PostLeadAsync();
                if (response.IsSuccessStatusCode)
                {
                    id = await Deliveries.AcceptedIdAsync(response);
                    return true;
                }

                Assert.Equal(StoreUnavailable, await Deliveries.UnavailableTypeAsync(response));
                return false;
            },
            "a delivery to be accepted again");
        return id!;
    }

    // Every new transaction of the database is read-only; its open connections are ended so that the pool opens new ones.
    private static async Task SetReadOnlyAsync(PostgresDatabase database, bool readOnly)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ServerConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        var setting = readOnly ? "on" : "off";
        await using var alter = new NpgsqlCommand($"ALTER DATABASE \"{database.Name}\" SET default_transaction_read_only = {setting}", connection);
        await alter.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        await using var terminate = new NpgsqlCommand(
            $"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '{database.Name}' AND pid <> pg_backend_pid()", connection);
        await terminate.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }
}

using RefAssured.Sdk.PostgreSql.Tests.Infrastructure;
using static RefAssured.Sdk.PostgreSql.Tests.Infrastructure.InboxTesting;

namespace RefAssured.Sdk.PostgreSql.Tests.Schema;

public sealed class PostgreSqlSchemaTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Open_TwoInboxesOneAfterTheOther_CreateTheSchemaOnceAndRecordItsVersion()
    {
        var schema = NewSchema("created");
        await using (var first = NewInbox(database, schema))
        {
            await first.OpenAsync(Cancellation);
        }

        await using (var second = NewInbox(database, schema))
        {
            await second.OpenAsync(Cancellation);
        }

        Assert.Equal(1L, await database.ScalarAsync($"SELECT count(*) FROM {schema}.schema_version"));
        Assert.Equal(PostgreSqlSchema.CurrentVersion, await database.ScalarAsync($"SELECT max(version) FROM {schema}.schema_version"));
        Assert.Equal(1L, await database.ScalarAsync($"SELECT count(*) FROM pg_tables WHERE schemaname = '{schema}' AND tablename = 'deliveries'"));
    }

    [Fact]
    public async Task Open_EightFreshInboxesAtOnce_AllOpenAndTheSchemaIsAppliedOnce()
    {
        var schema = NewSchema("concurrent");
        var inboxes = Enumerable.Range(0, 8).Select(_ => NewInbox(database, schema)).ToList();
        try
        {
            await Task.WhenAll(inboxes.Select(i => i.OpenAsync(Cancellation).AsTask()));

            Assert.Equal(1L, await database.ScalarAsync($"SELECT count(*) FROM {schema}.schema_version"));
            await inboxes[3].AppendAsync(Delivery(1), Cancellation);
            Assert.Equal(1, (await inboxes[6].GetStatisticsAsync(Cancellation)).Pending);
        }
        finally
        {
            foreach (var inbox in inboxes)
            {
                await inbox.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Open_SchemaNewerThanThePackage_IsRefusedAndLeftAsItIs()
    {
        var schema = NewSchema("newer");
        await using (var first = NewInbox(database, schema))
        {
            await first.OpenAsync(Cancellation);
        }

        await database.ScalarAsync($"INSERT INTO {schema}.schema_version VALUES (999, now())");
        await using var later = NewInbox(database, schema);

        var exception = await Assert.ThrowsAsync<RefAssuredInboxUnavailableException>(() => later.OpenAsync(Cancellation).AsTask());
        Assert.Contains("version 999, newer than this package's version", exception.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<RefAssuredInboxUnavailableException>(() => later.AppendAsync(Delivery(1), Cancellation).AsTask());
        Assert.Equal(999, await database.ScalarAsync($"SELECT max(version) FROM {schema}.schema_version"));
    }

    [Fact]
    public async Task Open_RoleThatMayNotCreateSchemas_UsesTheSchemaMadeForIt()
    {
        var role = "refassured_app_" + Guid.NewGuid().ToString("N")[..12];
        var own = await PostgresDatabase.CreateAsync(database.ServerConnectionString);
        try
        {
            await own.ScalarAsync($"CREATE ROLE {role} LOGIN; CREATE SCHEMA made_for_app AUTHORIZATION {role}");
            var asRole = new Npgsql.NpgsqlConnectionStringBuilder(own.ConnectionString) { Username = role }.ConnectionString;
            await using var refused = new PostgreSqlRefAssuredInbox(new PostgreSqlRefAssuredInboxOptions { ConnectionString = asRole, Schema = "not_made" });
            await using var inbox = new PostgreSqlRefAssuredInbox(new PostgreSqlRefAssuredInboxOptions { ConnectionString = asRole, Schema = "made_for_app" });

            await Assert.ThrowsAsync<RefAssuredInboxUnavailableException>(() => refused.OpenAsync(Cancellation).AsTask());
            await inbox.AppendAsync(Delivery(1), Cancellation);

            Assert.Equal(1, (await inbox.GetStatisticsAsync(Cancellation)).Pending);
        }
        finally
        {
            await own.DisposeAsync();
            await using var server = new Npgsql.NpgsqlConnection(database.ServerConnectionString);
            await server.OpenAsync(Cancellation);
            await using var drop = new Npgsql.NpgsqlCommand($"DROP ROLE IF EXISTS {role}", server);
            await drop.ExecuteNonQueryAsync(Cancellation);
        }
    }

    [Fact]
    public async Task TwoSchemasInOneDatabase_KeepTheirDeliveriesApart()
    {
        await using var left = NewInbox(database, NewSchema("left"));
        await using var right = NewInbox(database, NewSchema("right"));
        await left.AppendAsync(Delivery(1), Cancellation);

        Assert.Empty(await ReadAsync(right, 1, TimeSpan.FromMilliseconds(500)));
        Assert.Equal(0, (await right.GetStatisticsAsync(Cancellation)).Depth);
        Assert.Single(await ReadAsync(left, 1, TimeSpan.FromSeconds(30)));
    }
}

using RefAssured.Sdk.PostgreSql.Tests.Infrastructure;
using static RefAssured.Sdk.PostgreSql.Tests.Infrastructure.InboxTesting;

namespace RefAssured.Sdk.PostgreSql.Tests.Inbox;

/// <summary>Rows past their retention are deleted in batches; rows within it, and deliveries not finished, stay.</summary>
public sealed class RetentionTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Retention_DeletesOldCompletedRowsAndDeadLettersInBatches_AndKeepsTheRest()
    {
        var schema = await CreatedSchemaAsync("retention");
        await InsertAsync(schema, 2500, DeliveryStates.Completed, "8 days", "completed_at");
        await InsertAsync(schema, 10, DeliveryStates.Completed, "6 days", "completed_at");
        await InsertAsync(schema, 1200, DeliveryStates.DeadLettered, "31 days", "dead_lettered_at");
        await InsertAsync(schema, 10, DeliveryStates.DeadLettered, "29 days", "dead_lettered_at");
        await InsertAsync(schema, 10, DeliveryStates.Pending, "60 days");
        await using var inbox = NewInbox(database, schema);

        var (deleted, cleared) = await inbox.Retention.RunAsync(Cancellation);

        Assert.Equal(3700, deleted);
        Assert.Equal(0, cleared);
        Assert.Equal(10L, await CountAsync(schema, DeliveryStates.Completed));
        Assert.Equal(10L, await CountAsync(schema, DeliveryStates.DeadLettered));
        Assert.Equal(10L, await CountAsync(schema, DeliveryStates.Pending));
    }

    [Fact]
    public async Task Retention_WithAShorterCompletedBodyRetention_ClearsOldBodiesAndKeepsTheirRows()
    {
        var schema = await CreatedSchemaAsync("bodies");
        await InsertAsync(schema, 1500, DeliveryStates.Completed, "2 days", "completed_at");
        await InsertAsync(schema, 10, DeliveryStates.Completed, "1 hour", "completed_at");
        await InsertAsync(schema, 10, DeliveryStates.DeadLettered, "2 days", "dead_lettered_at");
        await using var inbox = NewInbox(database, schema, o => o.CompletedBodyRetention = TimeSpan.FromDays(1));

        var (deleted, cleared) = await inbox.Retention.RunAsync(Cancellation);

        Assert.Equal(0, deleted);
        Assert.Equal(1500, cleared);
        Assert.Equal(1520L, await database.ScalarAsync($"SELECT count(*) FROM {schema}.deliveries"));
        Assert.Equal(20L, await database.ScalarAsync($"SELECT count(*) FROM {schema}.deliveries WHERE body IS NOT NULL"));
    }

    [Fact]
    public async Task Retention_OfDeadLetters_LeavesOnesReplayedAndNotYetHandled()
    {
        var schema = await CreatedSchemaAsync("replayed");
        await InsertAsync(schema, 5, DeliveryStates.DeadLettered, "31 days", "dead_lettered_at");
        // An instance keeping dead letters longer replays them; its own retention, run when it opens, leaves them.
        await using var replaying = NewInbox(database, schema, o => o.DeadLetterRetention = TimeSpan.FromDays(40));
        Assert.Equal(5, await replaying.ReplayAllAsync(Cancellation));
        await using var inbox = NewInbox(database, schema);

        var (deleted, _) = await inbox.Retention.RunAsync(Cancellation);

        Assert.Equal(0, deleted);
        Assert.Equal(5, (await inbox.GetStatisticsAsync(Cancellation)).Pending);
    }

    private async Task<string> CreatedSchemaAsync(string prefix)
    {
        var schema = NewSchema(prefix);
        await using var inbox = NewInbox(database, schema);
        await inbox.OpenAsync(Cancellation);
        return schema;
    }

    // Inserts rows received age ago; timeColumn (completed_at or dead_lettered_at), when given, is set to the same time.
    private Task InsertAsync(string schema, int count, short state, string age, string? timeColumn = null)
    {
        var column = timeColumn is null ? "" : ", " + timeColumn;
        var value = timeColumn is null ? "" : $", now() - interval '{age}'";
        return database.ScalarAsync($"""
            INSERT INTO {schema}.deliveries (delivery_id, event_type, received_at, body, state, available_at{column})
            SELECT gen_random_uuid()::text, 'SalesOptIn', now() - interval '{age}', '\x7b7d'::bytea, {state}, now(){value}
            FROM generate_series(1, {count})
            """);
    }

    private Task<object?> CountAsync(string schema, short state) =>
        database.ScalarAsync($"SELECT count(*) FROM {schema}.deliveries WHERE state = {state}");
}

using RefAssured.Sdk.PostgreSql.Tests.Infrastructure;
using RefAssured.Sdk.Testing;
using static RefAssured.Sdk.PostgreSql.Tests.Infrastructure.InboxTesting;

namespace RefAssured.Sdk.PostgreSql.Tests.Schema;

/// <summary>
/// An inbox opened with <see cref="PostgreSqlRefAssuredInboxOptions.ExistingSchemaOnly"/>, as the
/// refassured tool opens one: it works on the schema an application made, and creates, upgrades
/// and deletes nothing on its own.
/// </summary>
public sealed class ExistingSchemaOnlyTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Open_NoSchema_IsRefusedAndCreatesNothing()
    {
        var schema = NewSchema("absent");
        await using var inbox = NewInbox(database, schema, o => o.ExistingSchemaOnly = true);

        var refused = await Assert.ThrowsAsync<RefAssuredInboxUnavailableException>(async () => await inbox.OpenAsync(Cancellation));

        Assert.Contains($"holds no RefAssured inbox in schema \"{schema}\"", refused.Message, StringComparison.Ordinal);
        Assert.Equal(false, await database.ScalarAsync($"SELECT to_regnamespace('{schema}') IS NOT NULL"));
    }

    [Theory]
    [InlineData("DELETE FROM {0}.schema_version", 0)]
    [InlineData("INSERT INTO {0}.schema_version (version, applied_at) VALUES (99, now())", 99)]
    public async Task Open_SchemaAtAnotherVersion_IsRefusedAndLeftAsItIs(string change, int version)
    {
        var schema = await CreatedSchemaAsync("version");
        await database.ScalarAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, change, schema));
        await using var inbox = NewInbox(database, schema, o => o.ExistingSchemaOnly = true);

        var refused = await Assert.ThrowsAsync<RefAssuredInboxUnavailableException>(async () => await inbox.OpenAsync(Cancellation));

        Assert.Contains($"is at version {version}, this package works with version {PostgreSqlSchema.CurrentVersion}", refused.Message, StringComparison.Ordinal);
        Assert.Equal<object?>(version, await database.ScalarAsync($"SELECT coalesce(max(version), 0) FROM {schema}.schema_version"));
    }

    [Fact]
    public async Task Open_ExistingSchema_ListsButAppliesNoRetention()
    {
        var schema = await CreatedSchemaAsync("operated");
        await using (var application = NewInbox(database, schema))
        {
            await application.AppendAsync(Delivery(1), Cancellation);
            var delivery = Assert.Single(await ReadAsync(application, 1, TimeSpan.FromSeconds(60)));
            await application.FailAsync(delivery, new RefAssuredDeliveryFailure("crm: TimeoutException", null), Cancellation);
        }

        // Older than the default dead-letter retention, which an inbox opened the usual way applies at once.
        await database.ScalarAsync($"UPDATE {schema}.deliveries SET dead_lettered_at = now() - interval '31 days'");
        await using (var tool = NewInbox(database, schema, o => o.ExistingSchemaOnly = true))
        {
            await tool.OpenAsync(Cancellation);
            Assert.Single(await tool.ListDeadLettersAsync(Cancellation));
            await Task.Delay(TimeSpan.FromSeconds(2), Cancellation);
            Assert.Single(await tool.ListDeadLettersAsync(Cancellation));
        }

        // The same dead letter goes once an inbox opens the usual way: the check above could have failed.
        await using var usual = NewInbox(database, schema);
        await usual.OpenAsync(Cancellation);
        await Wait.UntilAsync(
            async () => (await usual.GetStatisticsAsync(Cancellation)).DeadLettered == 0,
            "retention to remove the old dead letter",
            TimeSpan.FromSeconds(60));
    }

    private async Task<string> CreatedSchemaAsync(string prefix)
    {
        var schema = NewSchema(prefix);
        await using var inbox = NewInbox(database, schema);
        await inbox.OpenAsync(Cancellation);
        return schema;
    }
}

using RefAssured.Sdk.PostgreSql.Tests.Infrastructure;
using static RefAssured.Sdk.PostgreSql.Tests.Infrastructure.InboxTesting;

namespace RefAssured.Sdk.PostgreSql.Tests.Inbox;

/// <summary>Deliveries claimed together are handed out in the order they became due, not the order they were received.</summary>
public sealed class ClaimOrderTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RetryDueEarlierThanNewerPendingRows_ClaimedInOneBatch_IsHandedOutFirst()
    {
        var schema = NewSchema("order");
        await using var inbox = NewInbox(database, schema);
        for (var n = 1; n <= 3; n++)
        {
            await inbox.AppendAsync(Delivery(n), Cancellation);
        }

        // Received 1, 2, 3; due 3 (a retry), then 2, then 1.
        await database.ScalarAsync($"UPDATE {schema}.deliveries SET available_at = now() - interval '1 minute'");
        await database.ScalarAsync($"UPDATE {schema}.deliveries SET available_at = now() - interval '30 minutes' WHERE delivery_id = '{Delivery(2).DeliveryId}'");
        await database.ScalarAsync($"UPDATE {schema}.deliveries SET state = 3, available_at = now() - interval '1 hour' WHERE delivery_id = '{Delivery(3).DeliveryId}'");

        var read = await ReadAsync(inbox, 3, TimeSpan.FromSeconds(30));

        Assert.Equal([Delivery(3).DeliveryId, Delivery(2).DeliveryId, Delivery(1).DeliveryId], read.Select(d => d.DeliveryId));
        Assert.Equal(2, read[0].Attempt);
    }
}

using RefAssured.Sdk.PostgreSql.Tests.Infrastructure;
using RefAssured.Sdk.Testing;
using static RefAssured.Sdk.PostgreSql.Tests.Infrastructure.InboxTesting;

namespace RefAssured.Sdk.PostgreSql.Tests.Inbox;

/// <summary>Several instances on one schema share the deliveries, each handled exactly once when nothing crashes.</summary>
public sealed class SharedWorkTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ThousandDeliveries_ThreeInstancesWithConcurrentWorkers_EachHandledExactlyOnceAndNoneLeft()
    {
        const int Count = 1000;
        var schema = NewSchema("shared");
        var inboxes = Enumerable.Range(0, 3).Select(n => NewInbox(database, schema, o => o.InstanceName = "worker-" + n)).ToList();
        var dispatcher = new CountingDispatcher();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        try
        {
            await Task.WhenAll(Enumerable.Range(0, 8).Select(async part =>
            {
                for (var n = part; n < Count; n += 8)
                {
                    await inboxes[n % 3].AppendAsync(Delivery(n), Cancellation);
                }
            }));
            var workers = inboxes.Select(inbox => new RefAssuredWorker(inbox, dispatcher, new RefAssuredWorkerOptions { MaxConcurrency = 4 }).RunAsync(stop.Token)).ToList();

            await Wait.UntilAsync(
                async () => (await inboxes[0].GetStatisticsAsync(Cancellation)).Depth == 0,
                $"the {Count} deliveries to be handled",
                TimeSpan.FromMinutes(3));

            await stop.CancelAsync();
            await Task.WhenAll(workers);
        }
        finally
        {
            foreach (var inbox in inboxes)
            {
                await inbox.DisposeAsync();
            }
        }

        Assert.Equal(Count, dispatcher.Handled.Count);
        Assert.All(dispatcher.Handled, h => Assert.Equal(1, h.Value));
        Assert.Equal((long)Count, await database.ScalarAsync($"SELECT count(*) FROM {schema}.deliveries WHERE state = 5"));
        Assert.Equal(0L, await database.ScalarAsync($"SELECT count(*) FROM {schema}.deliveries WHERE lease_token IS NOT NULL"));
        var instances = (long)(await database.ScalarAsync($"SELECT count(DISTINCT lease_owner) FROM {schema}.deliveries"))!;
        Assert.True(instances >= 2, $"only {instances} instance handled deliveries");
    }
}

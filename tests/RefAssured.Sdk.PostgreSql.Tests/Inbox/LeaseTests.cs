using System.Diagnostics;
using RefAssured.Sdk.PostgreSql.Tests.Infrastructure;
using static RefAssured.Sdk.PostgreSql.Tests.Infrastructure.InboxTesting;

namespace RefAssured.Sdk.PostgreSql.Tests.Inbox;

/// <summary>Two instances (two inboxes on one schema): a lease keeps a delivery with its instance, and only while it is renewed.</summary>
public sealed class LeaseTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(1);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AbandonedInstance_ItsDeliveryIsTakenOverOnceTheLeaseExpires_AtTheSameAttempt()
    {
        var schema = NewSchema("takeover");
        await using var b = Instance(schema, "b");
        var a = Instance(schema, "a");
        await a.AppendAsync(Delivery(1), Cancellation);
        var sinceClaim = Stopwatch.StartNew();
        var claimed = Assert.Single(await ReadAsync(a, 1, TimeSpan.FromSeconds(30)));
        await a.DisposeAsync();

        var takenOver = Assert.Single(await ReadAsync(b, 1, TimeSpan.FromSeconds(30)));

        Assert.Equal(claimed.DeliveryId, takenOver.DeliveryId);
        Assert.Equal(1, takenOver.Attempt);
        Assert.True(sinceClaim.Elapsed >= Lease * 0.9, $"taken over {sinceClaim.Elapsed} after the claim, before the lease could expire");
        Assert.Equal("b", await database.ScalarAsync($"SELECT lease_owner FROM {schema}.deliveries"));
    }

    [Fact]
    public async Task LateCompletion_AfterAnotherInstanceTookTheDeliveryOver_IsNotRecordedAndDoesNotThrow()
    {
        var schema = NewSchema("late");
        var observer = new RecordingObserver();
        await using var a = Instance(schema, "a", observer);
        await using var b = Instance(schema, "b");
        await a.AppendAsync(Delivery(1), Cancellation);
        var claimedByA = Assert.Single(await ReadAsync(a, 1, TimeSpan.FromSeconds(30)));
        await a.StopLeaseRenewalAsync();
        var claimedByB = Assert.Single(await ReadAsync(b, 1, TimeSpan.FromSeconds(30)));

        await a.CompleteAsync(claimedByA, Cancellation);
        await a.FailAsync(claimedByA, new RefAssuredDeliveryFailure("lead: TimeoutException", RetryAt: null), Cancellation);

        Assert.Equal(2, (short)(await database.ScalarAsync($"SELECT state FROM {schema}.deliveries"))!);
        Assert.Equal("b", await database.ScalarAsync($"SELECT lease_owner FROM {schema}.deliveries"));
        Assert.Contains(observer.Failures, f => f.Operation == "complete" && f.Exception.Message.Contains("no longer holds its lease", StringComparison.Ordinal));
        await b.CompleteAsync(claimedByB, Cancellation);
        Assert.Equal(5, (short)(await database.ScalarAsync($"SELECT state FROM {schema}.deliveries"))!);
        Assert.Equal(0, (await b.GetStatisticsAsync(Cancellation)).Depth);
    }

    [Fact]
    public async Task RenewedLease_HeldForMoreThanThreeLeaseDurations_IsNotTakenOver()
    {
        var schema = NewSchema("renewed");
        // A longer lease than the other tests': renewed every third of it, it outlasts a stall of the busy machine.
        var lease = TimeSpan.FromSeconds(5);
        await using var a = Instance(schema, "a", lease: lease);
        await using var b = Instance(schema, "b", lease: lease);
        await a.AppendAsync(Delivery(1), Cancellation);
        var claimed = Assert.Single(await ReadAsync(a, 1, TimeSpan.FromSeconds(30)));

        var readByB = await ReadAsync(b, 1, lease * 4);

        Assert.Empty(readByB);
        await a.CompleteAsync(claimed, Cancellation);
        Assert.Equal(5, (short)(await database.ScalarAsync($"SELECT state FROM {schema}.deliveries"))!);
    }

    [Fact]
    public async Task ReadingEnded_DeliveriesClaimedButNotHandedOut_AreReleasedForOtherInstances()
    {
        var schema = NewSchema("ahead");
        await using var a = Instance(schema, "a");
        await using var b = Instance(schema, "b");
        for (var n = 1; n <= 3; n++)
        {
            await a.AppendAsync(Delivery(n), Cancellation);
        }

        var readByA = Assert.Single(await ReadAsync(a, 1, TimeSpan.FromSeconds(30)));
        var statistics = await a.GetStatisticsAsync(Cancellation);
        var readByB = await ReadAsync(b, 2, TimeSpan.FromSeconds(30));

        Assert.Equal((1, 2), (statistics.InFlight, statistics.Pending));
        Assert.Equal(1, a.Leases.Count);
        Assert.Equal(2, readByB.Count);
        Assert.DoesNotContain(readByB, d => d.DeliveryId == readByA.DeliveryId);
    }

    [Fact]
    public async Task Replay_OfADeliveryThatIsNotADeadLetter_ChangesNothing()
    {
        var schema = NewSchema("replay");
        await using var a = Instance(schema, "a");
        await a.AppendAsync(Delivery(1), Cancellation);
        var claimed = Assert.Single(await ReadAsync(a, 1, TimeSpan.FromSeconds(30)));

        Assert.False(await a.ReplayAsync(claimed.DeliveryId, Cancellation));
        Assert.False(await a.PurgeAsync(claimed.DeliveryId, Cancellation));
        Assert.Equal(0, await a.ReplayAllAsync(Cancellation));

        Assert.Equal(1, (await a.GetStatisticsAsync(Cancellation)).InFlight);
    }

    private PostgreSqlRefAssuredInbox Instance(string schema, string name, RefAssuredObserver? observer = null, TimeSpan? lease = null) =>
        NewInbox(database, schema, o =>
        {
            o.LeaseDuration = lease ?? Lease;
            o.PollInterval = TimeSpan.FromMilliseconds(200);
            o.InstanceName = name;
            o.Observer = observer;
        });
}

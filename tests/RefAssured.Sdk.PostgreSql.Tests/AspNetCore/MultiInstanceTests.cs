using System.Collections.Concurrent;
using System.Diagnostics;
using RefAssured.Sdk.PostgreSql.Tests.Infrastructure;
using RefAssured.Sdk.Testing;

namespace RefAssured.Sdk.PostgreSql.Tests.AspNetCore;

/// <summary>Several instances of the ASP.NET Core sample, switched to PostgreSQL by configuration, sharing one database.</summary>
[Trait("Category", "Integration")]
public sealed class MultiInstanceTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task InstanceKilledWithDeliveriesInFlight_SurvivorTakesThemOverAfterTheLease_NoAcknowledgedDeliveryIsLost()
    {
        const string Schema = "killed_instance";
        var rows = new InboxRows(database.ConnectionString, Schema);
        await using var a = await SampleReceiver.StartAsync("sample-a", database.ConnectionString, Schema, Lease);
        await using var b = await SampleReceiver.StartAsync("sample-b", database.ConnectionString, Schema, Lease);
        var accepted = new ConcurrentBag<string>();
        var sender = SendAsync([a, b], accepted, count: 400);

        // Once A is busy, freeze it until it is caught holding claimed, unfinished deliveries, then kill it.
        await Wait.UntilAsync(() => a.HandledIds().Count >= 20, "the first instance to handle deliveries");
        var (inFlightAtKill, killedAt) = await KillWhileHandlingAsync(a, rows);
        await sender;

        var acceptedIds = accepted.ToHashSet();
        await rows.WaitForCompletedAsync(acceptedIds);
        var completed = await rows.ReadAsync();
        await rows.WaitForCompletedAsync(completed.Keys);
        Assert.Equal(0, await b.Process.StopAsync());

        var byA = a.HandledIds();
        var byB = b.HandledIds();
        var handled = byA.Concat(byB).ToHashSet();
        completed = await rows.ReadAsync();
        Assert.All(inFlightAtKill, id =>
        {
            Assert.Contains(id, byB);
            Assert.True(completed[id].CompletedAt >= killedAt, $"{id} was taken over only after the kill.");
        });

        // A handled record may be lost only for a delivery A completed before it died: its last log lines die with it.
        Assert.All(acceptedIds, id => Assert.True(
            handled.Contains(id) || completed[id].CompletedAt < killedAt,
            $"{id} was acknowledged but neither instance handled it."));
        Assert.All(byA.Concat(byB), id => Assert.True(completed.ContainsKey(id), $"{id} was handled but is not in the inbox."));
        var duplicates = byA.Intersect(byB).ToList();
        var takeover = completed.Where(r => inFlightAtKill.Contains(r.Key)).Max(r => r.Value.CompletedAt!.Value) - killedAt;
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{acceptedIds.Count} acknowledged; A handled {byA.Count}, B {byB.Count}; {inFlightAtKill.Count} in flight on A at the kill, " +
            $"all handled by B within {takeover.TotalSeconds:F1} s of it (lease {Lease.TotalSeconds} s); {duplicates.Count} handled by both.");
    }

    [Fact]
    public async Task ThousandDeliveriesOverThreeInstances_EachHandledExactlyOnce()
    {
        const string Schema = "three_instances";
        var rows = new InboxRows(database.ConnectionString, Schema);
        await using var a = await SampleReceiver.StartAsync("sample-1", database.ConnectionString, Schema, TimeSpan.FromSeconds(30));
        await using var b = await SampleReceiver.StartAsync("sample-2", database.ConnectionString, Schema, TimeSpan.FromSeconds(30));
        await using var c = await SampleReceiver.StartAsync("sample-3", database.ConnectionString, Schema, TimeSpan.FromSeconds(30));
        var accepted = new ConcurrentBag<string>();
        var elapsed = Stopwatch.StartNew();

        await SendAsync([a, b, c], accepted, count: 1000);

        Assert.Equal(1000, accepted.Count);
        await rows.WaitForCompletedAsync(accepted.ToList());
        var handledIn = elapsed.Elapsed;
        foreach (var receiver in new[] { a, b, c })
        {
            Assert.Equal(0, await receiver.Process.StopAsync());
        }

        var perInstance = new[] { a, b, c }.Select(r => r.HandledIds()).ToList();
        var counts = perInstance.SelectMany(ids => ids).GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(accepted.Order(StringComparer.Ordinal), counts.Keys.Order(StringComparer.Ordinal));
        Assert.All(counts, entry => Assert.True(entry.Value == 1, $"{entry.Key} was handled {entry.Value} times."));
        Assert.All(perInstance, ids => Assert.NotEmpty(ids));
        Assert.Equal(1000, (await rows.ReadAsync()).Count(r => r.Value.State == InboxRows.Completed));
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"1000 deliveries posted and handled in {handledIn.TotalSeconds:F1} s; per instance: {string.Join(", ", perInstance.Select(ids => ids.Count))}.");
    }

    // Posts count leads, round robin over the receivers, a few at a time; collects the ids of those answered 200.
    private static async Task SendAsync(SampleReceiver[] receivers, ConcurrentBag<string> accepted, int count)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
        {
            int n;
            while ((n = Interlocked.Increment(ref next)) < count)
            {
                var (status, id) = await receivers[n % receivers.Length].PostLeadAsync();
                if (status == 200)
                {
                    accepted.Add(id!);
                }
            }
        }));
    }

    // Stops A (SIGSTOP) and looks, once the server runs no statement of its sessions (named after it), for deliveries it holds;
    // none: lets it go on (SIGCONT) and tries again. Returns them and the server's time of the kill.
    private static async Task<(HashSet<string> InFlight, DateTime KilledAt)> KillWhileHandlingAsync(SampleReceiver a, InboxRows rows)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            await a.SignalAsync("STOP");
            await Wait.UntilAsync(
                async () => await rows.ActiveStatementsOfAsync(a.InstanceName) == 0,
                "the statements the stopped instance had sent to finish");
            var inFlight = await rows.InFlightWithAsync(a.InstanceName);
            if (inFlight.Count > 0)
            {
                var killedAt = await rows.ServerNowAsync();
                await a.SignalAsync("KILL");
                return (inFlight.ToHashSet(), killedAt);
            }

            await a.SignalAsync("CONT");
            Assert.True(waited.Elapsed < TimeSpan.FromMinutes(2), "The first instance was never caught holding a delivery.");
            await Task.Delay(Random.Shared.Next(10, 100), TestContext.Current.CancellationToken);
        }
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using RefAssured.Sdk.PostgreSql.Tests.Infrastructure;
using RefAssured.Sdk.Testing;

namespace RefAssured.Sdk.PostgreSql.Tests.AspNetCore;

/// <summary>The PostgreSQL server stopped and started again under the sample while deliveries keep coming.</summary>
[Trait("Category", "Integration")]
public sealed class DatabaseRestartTests
{
    [Fact]
    public async Task ServerRestartedUnderLoad_Answers503WhileDown_NeverAcknowledgesWhatItDidNotCommit_AndRecovers()
    {
        await using var server = await PostgresServer.StartAsync("pg-restart-test");
        var rows = new InboxRows(server.ConnectionString, "refassured");
        await using var receiver = await SampleReceiver.StartAsync("restart-sample", server.ConnectionString, "refassured", TimeSpan.FromSeconds(30));
        var answers = new ConcurrentQueue<(string Phase, int Status, string? Id)>();
        var phase = "before";
        using var stop = new CancellationTokenSource();
        var sender = Task.WhenAll(Enumerable.Range(0, 3).Select(async _ =>
        {
            while (!stop.IsCancellationRequested)
            {
                var current = Volatile.Read(ref phase);
                var (status, id) = await receiver.PostLeadAsync();
                answers.Enqueue((current, status, id));
            }
        }));
        int Count(string inPhase, int status) => answers.Count(a => a.Phase == inPhase && a.Status == status);

        await Wait.UntilAsync(() => Count("before", 200) >= 50, "50 deliveries accepted before the restart");
        Volatile.Write(ref phase, "down");
        var down = Stopwatch.StartNew();
        await server.HaltAsync();

        // Down for a few seconds under the load, as a failover or a restart of the server would be.
        await Wait.UntilAsync(() => Count("down", 503) >= 20 && down.Elapsed > TimeSpan.FromSeconds(3), "20 answers 503 while the server is down");
        Volatile.Write(ref phase, "after");
        await server.ResumeAsync();
        var downFor = down.Elapsed;
        var resumed = Stopwatch.StartNew();
        await Wait.UntilAsync(() => Count("after", 200) >= 1, "a delivery accepted after the restart");
        var firstAcceptedAfter = resumed.Elapsed;
        await Wait.UntilAsync(() => Count("after", 200) >= 50, "50 deliveries accepted after the restart");
        await stop.CancelAsync();
        await sender;

        // Every 200 stands for a committed row: all are in the database after the restart, and all get handled.
        var accepted = answers.Where(a => a.Status == 200).Select(a => a.Id!).ToList();
        await rows.WaitForCompletedAsync(accepted);
        await Wait.UntilAsync(() => accepted.ToHashSet().IsSubsetOf(receiver.HandledIds()), "every accepted delivery to be handled");
        var allHandledAfter = resumed.Elapsed;
        Assert.All(answers, a => Assert.True(a.Status is 200 or 503, $"The sample answered {a.Status} ({a.Phase})."));
        Assert.Equal(0, await receiver.Process.StopAsync());
        var handledTwice = receiver.HandledIds().GroupBy(id => id).Count(g => g.Count() > 1);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{accepted.Count} accepted; server down {downFor.TotalSeconds:F1} s: {answers.Count(a => a.Status == 503)} answers 503 in all " +
            $"({Count("down", 200)} of the 200s were answered after the halt began); first 200 {firstAcceptedAfter.TotalSeconds:F1} s after the restart, every accepted delivery handled {allHandledAfter.TotalSeconds:F1} s after it; {handledTwice} handled twice.");
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using RefAssured.Sdk.PostgreSql.Tests.Infrastructure;
using RefAssured.Sdk.Testing;
using static RefAssured.Sdk.PostgreSql.Tests.Infrastructure.InboxTesting;

namespace RefAssured.Sdk.PostgreSql.Tests.Inbox;

/// <summary>The database stops under a reading instance and comes back: the reader pauses and resumes by itself.</summary>
[Trait("Category", "Integration")]
public sealed class DatabaseRestartTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DatabaseStoppedAndStartedAgain_ReaderReportsTheOutageThenHandsOutADeliveryAppendedAfterIt()
    {
        await using var server = await PostgresServer.StartAsync("pg-inbox-restart");
        await using var database = await PostgresDatabase.CreateAsync(server.ConnectionString);
        var observer = new RecordingObserver();
        await using var inbox = NewInbox(database, "refassured", o =>
        {
            o.Observer = observer;
            o.PollInterval = TimeSpan.FromMilliseconds(200);
        });
        await inbox.AppendAsync(Delivery(1), Cancellation);
        var handedOut = new ConcurrentQueue<RefAssuredDelivery>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        var reading = Task.Run(
            async () =>
            {
                try
                {
                    await foreach (var delivery in inbox.ReadAsync(stop.Token))
                    {
                        handedOut.Enqueue(delivery);
                    }
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                }
            },
            Cancellation);
        await Wait.UntilAsync(() => handedOut.Count == 1, "the first delivery to be handed out", Limit);

        await server.HaltAsync();
        await Wait.UntilAsync(() => observer.Failures.Any(f => f.Operation == "read"), "the reader to report the outage", Limit);
        await Assert.ThrowsAsync<RefAssuredInboxUnavailableException>(() => inbox.AppendAsync(Delivery(2), Cancellation).AsTask());
        await server.ResumeAsync();
        await AppendWhenBackAsync(inbox, Delivery(3));

        await Wait.UntilAsync(() => handedOut.Count == 2, "a delivery to be handed out after the database came back", Limit);
        Assert.False(reading.IsCompleted, "the reader ended instead of pausing");
        await stop.CancelAsync();
        await reading;
        Assert.Equal([Delivery(1).DeliveryId, Delivery(3).DeliveryId], handedOut.Select(d => d.DeliveryId));
    }

    // The pool may still hold connections the restart cut; an append on one fails, and the next is fresh.
    private static async Task AppendWhenBackAsync(PostgreSqlRefAssuredInbox inbox, RefAssuredDelivery delivery)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await inbox.AppendAsync(delivery, Cancellation);
                return;
            }
            catch (RefAssuredInboxUnavailableException) when (waited.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(100, Cancellation);
            }
        }
    }
}

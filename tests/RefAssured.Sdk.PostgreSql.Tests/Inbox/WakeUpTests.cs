using System.Diagnostics;
using RefAssured.Sdk.PostgreSql.Tests.Infrastructure;
using RefAssured.Sdk.Testing;
using static RefAssured.Sdk.PostgreSql.Tests.Infrastructure.InboxTesting;

namespace RefAssured.Sdk.PostgreSql.Tests.Inbox;

/// <summary>An idle reader polls only every 30 seconds here, so a quick hand-out shows that something else woke it.</summary>
public sealed class WakeUpTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private static readonly TimeSpan SlowPoll = TimeSpan.FromSeconds(30);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AppendOnAnotherInstance_WakesAnIdleReaderLongBeforeItsNextPoll()
    {
        var schema = NewSchema("notify");
        await using var reader = NewInbox(database, schema, o => o.PollInterval = SlowPoll);
        await using var writer = NewInbox(database, schema);
        await writer.OpenAsync(Cancellation);
        var read = ReadAsync(reader, 1, TimeSpan.FromSeconds(60));
        await WaitUntilListeningAsync(reader);

        var sinceAppend = Stopwatch.StartNew();
        await writer.AppendAsync(Delivery(1), Cancellation);
        var handedOut = Assert.Single(await read);

        Assert.Equal(Delivery(1).DeliveryId, handedOut.DeliveryId);
        Assert.True(sinceAppend.Elapsed < TimeSpan.FromSeconds(5), $"handed out {sinceAppend.Elapsed} after the append");
    }

    [Fact]
    public async Task ListeningConnectionCut_ListenerReconnects_AndTheNextAppendStillWakesTheReader()
    {
        var schema = NewSchema("relisten");
        var observer = new RecordingObserver();
        await using var reader = NewInbox(database, schema, o =>
        {
            o.PollInterval = SlowPoll;
            o.Observer = observer;
        });
        await using var writer = NewInbox(database, schema);
        await writer.OpenAsync(Cancellation);
        var read = ReadAsync(reader, 1, TimeSpan.FromSeconds(60));
        await WaitUntilListeningAsync(reader);

        await database.ScalarAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN \"{schema}\"'");
        await Wait.UntilAsync(() => observer.Failures.Any(f => f.Operation == "listen"), "the cut connection to be noticed", TimeSpan.FromSeconds(30));

        await WaitUntilListeningAsync(reader);
        var sinceAppend = Stopwatch.StartNew();
        await writer.AppendAsync(Delivery(1), Cancellation);
        Assert.Single(await read);

        Assert.True(sinceAppend.Elapsed < TimeSpan.FromSeconds(5), $"handed out {sinceAppend.Elapsed} after the append");
    }

    [Fact]
    public async Task Retry_IsHandedOutAtItsTime_AsTheNextAttempt()
    {
        var schema = NewSchema("retry");
        await using var inbox = NewInbox(database, schema, o => o.PollInterval = SlowPoll);
        await inbox.AppendAsync(Delivery(1), Cancellation);
        var first = Assert.Single(await ReadAsync(inbox, 1, TimeSpan.FromSeconds(30)));
        var retryAt = DateTimeOffset.UtcNow.AddSeconds(2);

        await inbox.FailAsync(first, new RefAssuredDeliveryFailure("lead: TimeoutException", retryAt) { CompletedHandlers = new HashSet<string> { "audit" } }, Cancellation);
        var retried = Assert.Single(await ReadAsync(inbox, 1, TimeSpan.FromSeconds(20)));
        var handedOutAt = DateTimeOffset.UtcNow;

        Assert.Equal(2, retried.Attempt);
        Assert.Equal(["audit"], retried.CompletedHandlers);
        Assert.True(handedOutAt >= retryAt - TimeSpan.FromMilliseconds(100), $"handed out {retryAt - handedOutAt} before its retry time");
        Assert.True(handedOutAt < retryAt + TimeSpan.FromSeconds(10), $"handed out {handedOutAt - retryAt} after its retry time");
    }

    private static async Task WaitUntilListeningAsync(PostgreSqlRefAssuredInbox inbox)
    {
        await Wait.UntilAsync(() => inbox.IsListening, "the reader to start listening", TimeSpan.FromSeconds(30));

        // Past the first look for due deliveries that every (re)connection of the listener triggers.
        await Task.Delay(500, Cancellation);
    }
}

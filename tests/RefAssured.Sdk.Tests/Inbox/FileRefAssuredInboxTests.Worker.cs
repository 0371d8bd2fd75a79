using System.Text;

namespace RefAssured.Sdk.Tests.Inbox;

public sealed partial class FileRefAssuredInboxTests
{
    [Fact]
    public async Task Worker_RetriesDeadLettersAndReplaysInVirtualTime()
    {
        var attempts = new List<int>();
        var healthy = false;
        var dispatcher = new RefAssuredDispatcherBuilder()
            .On<SalesOptIn>((e, c, ct) =>
            {
                lock (attempts)
                {
                    attempts.Add(c.Attempt);
                }

                return Volatile.Read(ref healthy) ? Task.CompletedTask : throw new TimeoutException("CRM timed out");
            })
            .Build();
        var policy = new RefAssuredRetryPolicy { MaxAttempts = 3, InitialDelay = TimeSpan.FromSeconds(30), Jitter = 0 };
        await using var inbox = NewInbox();
        var delivery = NewDelivery(1);
        await inbox.AppendAsync(delivery, TestContext.Current.CancellationToken);
        using var stop = new CancellationTokenSource();
        var run = new RefAssuredWorker(inbox, dispatcher, new RefAssuredWorkerOptions { RetryPolicy = policy }, _time).RunAsync(stop.Token);

        await Processing.RefAssuredWorkerTests.Eventually(() => Stats(inbox).RetryScheduled == 1);
        _time.Advance(TimeSpan.FromSeconds(30));
        await Processing.RefAssuredWorkerTests.Eventually(() => Count(attempts) == 2 && Stats(inbox).RetryScheduled == 1);
        _time.Advance(TimeSpan.FromSeconds(60));
        await Processing.RefAssuredWorkerTests.Eventually(() => Stats(inbox).DeadLettered == 1);

        // Audited before the dead letter could be seen, hence before the replay below.
        Assert.Equal(["dead-lettered 3"], await AuditOutcomesWithAttemptsAsync(inbox));
        Volatile.Write(ref healthy, true);
        Assert.True(await inbox.ReplayAsync(delivery.DeliveryId, TestContext.Current.CancellationToken));
        await Processing.RefAssuredWorkerTests.Eventually(() => Stats(inbox).Depth == 0 && Stats(inbox).DeadLettered == 0);
        await stop.CancelAsync();
        await run;

        lock (attempts)
        {
            Assert.Equal([1, 2, 3, 1], attempts);
        }

        Assert.Equal(["dead-lettered 3", "replayed 1", "completed 1"], await AuditOutcomesWithAttemptsAsync(inbox));
    }

    [Fact]
    public async Task Worker_HandlerMessageQuotesPayload_NoFileOfTheInboxHoldsIt_AndTheObserverGetsIt()
    {
        var observer = new DeadLetterObserver();
        var (letter, audit) = await DeadLetterThroughWorkerAsync(new RefAssuredWorkerOptions { RetryPolicy = new RefAssuredRetryPolicy { MaxAttempts = 1 }, Observer = observer });

        Assert.Equal("crm: InvalidOperationException", letter.Error);
        Assert.Equal("crm: InvalidOperationException", Assert.Single(audit).Error);
        Assert.Contains("candidate jane@example.com", Assert.Single(observer.Reasons), StringComparison.Ordinal);
        var secret = Encoding.UTF8.GetBytes("jane@example.com");
        var files = Directory.GetFiles(_directory.Path, "*", SearchOption.AllDirectories);
        Assert.Contains(files, f => f.EndsWith(".jsonl", StringComparison.Ordinal));
        Assert.All(files, f => Assert.True(File.ReadAllBytes(f).AsSpan().IndexOf(secret) < 0, $"{Path.GetFileName(f)} holds the handler's message."));
    }

    [Fact]
    public async Task Worker_StoreExceptionMessages_KeepsTheMessageInTheAuditTrailAndDeadLetter()
    {
        var (letter, audit) = await DeadLetterThroughWorkerAsync(new RefAssuredWorkerOptions { RetryPolicy = new RefAssuredRetryPolicy { MaxAttempts = 1 }, StoreExceptionMessages = true });

        Assert.Equal("crm: InvalidOperationException: candidate jane@example.com", letter.Error);
        Assert.Equal(letter.Error, Assert.Single(audit).Error);
    }

    private async Task<(RefAssuredDeadLetter Letter, List<RefAssuredAuditEntry> Audit)> DeadLetterThroughWorkerAsync(RefAssuredWorkerOptions options)
    {
        var dispatcher = new RefAssuredDispatcherBuilder().AddHandler(new SalesOptInHandler(), "crm").Build();
        RefAssuredDeadLetter letter;
        List<RefAssuredAuditEntry> audit;
        await using (var inbox = NewInbox())
        {
            await inbox.AppendAsync(NewDelivery(1), TestContext.Current.CancellationToken);
            using var stop = new CancellationTokenSource();
            var run = new RefAssuredWorker(inbox, dispatcher, options, _time).RunAsync(stop.Token);
            await Processing.RefAssuredWorkerTests.Eventually(() => Stats(inbox).DeadLettered == 1);
            await stop.CancelAsync();
            await run;
            letter = Assert.Single(await inbox.ListDeadLettersAsync(TestContext.Current.CancellationToken));
            audit = await inbox.ReadAuditTrailAsync(TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);
        }

        return (letter, audit);
    }

    private static async Task<List<string>> AuditOutcomesWithAttemptsAsync(FileRefAssuredInbox inbox) =>
        await inbox.ReadAuditTrailAsync(TestContext.Current.CancellationToken).Select(e => $"{e.Outcome} {e.Attempts}").ToListAsync(TestContext.Current.CancellationToken);

    private static RefAssuredInboxStatistics Stats(FileRefAssuredInbox inbox) => inbox.GetStatisticsAsync().AsTask().GetAwaiter().GetResult();

    private sealed class SalesOptInHandler : IRefAssuredHandler<SalesOptIn>
    {
        public Task HandleAsync(SalesOptIn evt, RefAssuredEventContext context, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("candidate jane@example.com");
    }

    private sealed class DeadLetterObserver : RefAssuredObserver
    {
        public List<string> Reasons { get; } = [];

        public override void DeliveryDeadLettered(RefAssuredDelivery delivery, string reason)
        {
            lock (Reasons)
            {
                Reasons.Add(reason);
            }
        }
    }

    private static int Count(List<int> list)
    {
        lock (list)
        {
            return list.Count;
        }
    }
}

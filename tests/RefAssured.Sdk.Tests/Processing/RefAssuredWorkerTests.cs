using Microsoft.Extensions.Time.Testing;
using RefAssured.Sdk.Tests.Dispatching;

namespace RefAssured.Sdk.Tests.Processing;

public sealed class RefAssuredWorkerTests
{
    private static readonly RefAssuredRetryPolicy NoJitter = new() { MaxAttempts = 4, InitialDelay = TimeSpan.FromSeconds(10), Jitter = 0 };

    [Fact]
    public async Task Run_StoredDeliveries_AreHandledOnceAndCompleted()
    {
        var inbox = new InMemoryRefAssuredInbox();
        var handled = new List<string>();
        var dispatcher = new RefAssuredDispatcherBuilder()
            .On<SalesOptIn>((e, c, ct) => Add(handled, c.DeliveryId))
            .On<CandidateNote>((e, c, ct) => Add(handled, c.DeliveryId))
            .Build();
        var deliveries = new[] { Delivery("A", RefAssuredEventType.SalesOptIn), Delivery("B", RefAssuredEventType.CandidateNote), Delivery("C", RefAssuredEventType.SalesOptIn) };
        foreach (var delivery in deliveries)
        {
            await inbox.AppendAsync(delivery, TestContext.Current.CancellationToken);
        }

        await RunUntil(new RefAssuredWorker(inbox, dispatcher), () => inbox.CompletedCount == 3);

        Assert.Equal(deliveries.Select(d => d.DeliveryId).Order(), handled.Order());
        Assert.Equal(0, inbox.Count);
    }

    [Fact]
    public async Task Run_DeliveryReceivedInThisProcess_IsNotParsedAgain()
    {
        var inbox = new InMemoryRefAssuredInbox();
        var receiver = new RefAssuredReceiver(inbox, new RefAssuredReceiverOptions { Keys = new RefAssuredKeySet(Receiving.ReceiverHarness.Key) });
        await receiver.ReceiveAsync(Receiving.ReceiverHarness.Request("sales-optin", Fixture.Bytes(Fixture.SalesOptIn)), TestContext.Current.CancellationToken);
        var parsedOnReceipt = Assert.Single(inbox.GetEntries()).Delivery.ParsedEvent;
        RefAssuredEvent? handled = null;
        var dispatcher = new RefAssuredDispatcherBuilder().On<SalesOptIn>((e, c, ct) =>
        {
            handled = e;
            return Task.CompletedTask;
        }).Build();

        await RunUntil(new RefAssuredWorker(inbox, dispatcher), () => inbox.CompletedCount == 1);

        Assert.NotNull(parsedOnReceipt);
        Assert.Same(parsedOnReceipt, handled);
    }

    [Fact]
    public async Task Run_FailingHandler_IsRetriedWithBackoffInVirtualTime()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        var inbox = new InMemoryRefAssuredInbox(timeProvider: time);
        var attempts = new List<int>();
        var dispatcher = new RefAssuredDispatcherBuilder()
            .On<SalesOptIn>((e, c, ct) =>
            {
                Add(attempts, c.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture));
                return c.Attempt < 3 ? throw new HttpRequestException("CRM unavailable") : Task.CompletedTask;
            })
            .Build();
        await inbox.AppendAsync(Delivery("A", RefAssuredEventType.SalesOptIn), TestContext.Current.CancellationToken);
        var worker = new RefAssuredWorker(inbox, dispatcher, new RefAssuredWorkerOptions { RetryPolicy = NoJitter }, time);

        using var stop = new CancellationTokenSource();
        var run = worker.RunAsync(stop.Token);
        await Eventually(() => inbox.GetEntries() is [{ State: RefAssuredDeliveryState.RetryScheduled }]);
        var first = inbox.GetEntries()[0];
        Assert.Equal(time.GetUtcNow().AddSeconds(10), first.RetryAt);
        Assert.EndsWith(": HttpRequestException", first.LastError, StringComparison.Ordinal);

        time.Advance(TimeSpan.FromSeconds(9));
        await Task.Delay(50, TestContext.Current.CancellationToken);
        Assert.Equal(["1"], Snapshot(attempts));

        time.Advance(TimeSpan.FromSeconds(1));
        await Eventually(() => inbox.GetEntries() is [{ State: RefAssuredDeliveryState.RetryScheduled, Delivery.Attempt: 2 }]);
        Assert.Equal(time.GetUtcNow().AddSeconds(20), inbox.GetEntries()[0].RetryAt);

        time.Advance(TimeSpan.FromSeconds(20));
        await Eventually(() => inbox.CompletedCount == 1);
        await stop.CancelAsync();
        await run;

        Assert.Equal(["1", "2", "3"], Snapshot(attempts));
    }

    [Fact]
    public async Task Run_AttemptsExhausted_DeadLettersWithLastErrorAndTellsObserver()
    {
        var time = new FakeTimeProvider();
        var inbox = new InMemoryRefAssuredInbox(timeProvider: time);
        var observer = new RecordingObserver();
        var dispatcher = new RefAssuredDispatcherBuilder().On<SalesOptIn>((e, c, ct) => throw new TimeoutException($"attempt {c.Attempt}"), "crm").Build();
        await inbox.AppendAsync(Delivery("A", RefAssuredEventType.SalesOptIn), TestContext.Current.CancellationToken);
        var worker = new RefAssuredWorker(inbox, dispatcher, new RefAssuredWorkerOptions { RetryPolicy = NoJitter with { MaxAttempts = 2 }, Observer = observer }, time);

        using var stop = new CancellationTokenSource();
        var run = worker.RunAsync(stop.Token);
        await Eventually(() => inbox.GetEntries() is [{ State: RefAssuredDeliveryState.RetryScheduled }]);
        time.Advance(TimeSpan.FromSeconds(10));
        await Eventually(() => inbox.GetEntries() is [{ State: RefAssuredDeliveryState.DeadLettered }]);
        await stop.CancelAsync();
        await run;

        var entry = Assert.Single(inbox.GetEntries());
        // The stored error names the exception type only; the observer (the server's log) gets the message.
        Assert.Equal("crm: TimeoutException", entry.LastError);
        Assert.Equal(2, entry.Delivery.Attempt);
        Assert.Equal(["failed crm retry", "failed crm dead", "dead-lettered crm: TimeoutException: attempt 2"], observer.Snapshot());
    }

    [Fact]
    public async Task Run_InvalidReportContent_IsDeadLetteredAtOnce()
    {
        var inbox = new InMemoryRefAssuredInbox();
        var calls = 0;
        var dispatcher = new RefAssuredDispatcherBuilder()
            .On<ReferenceReport>((e, c, ct) =>
            {
                Interlocked.Increment(ref calls);
                return e.SaveFileAsync(Path.Combine(Path.GetTempPath(), "refassured-worker-" + Guid.NewGuid().ToString("N")), cancellationToken: ct);
            })
            .Build();
        await inbox.AppendAsync(Delivery("A", RefAssuredEventType.ReferenceReport), TestContext.Current.CancellationToken);

        await RunUntil(new RefAssuredWorker(inbox, dispatcher), () => inbox.GetEntries() is [{ State: RefAssuredDeliveryState.DeadLettered }]);

        Assert.Equal(1, calls);
        Assert.Contains("ReportContentException", Assert.Single(inbox.GetEntries()).LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_PartialFailure_RetriesOnlyTheFailedHandler()
    {
        var time = new FakeTimeProvider();
        var inbox = new InMemoryRefAssuredInbox(timeProvider: time);
        var calls = new List<string>();
        var dispatcher = new RefAssuredDispatcherBuilder()
            .On<SalesOptIn>((e, c, ct) => Add(calls, $"crm {c.Attempt}"), "crm")
            .On<SalesOptIn>((e, c, ct) => c.Attempt == 1 ? throw new IOException("slack down") : Add(calls, $"slack {c.Attempt}"), "slack")
            .Build();
        await inbox.AppendAsync(Delivery("A", RefAssuredEventType.SalesOptIn), TestContext.Current.CancellationToken);
        var worker = new RefAssuredWorker(inbox, dispatcher, new RefAssuredWorkerOptions { RetryPolicy = NoJitter }, time);

        using var stop = new CancellationTokenSource();
        var run = worker.RunAsync(stop.Token);
        await Eventually(() => inbox.GetEntries() is [{ State: RefAssuredDeliveryState.RetryScheduled }]);
        time.Advance(TimeSpan.FromSeconds(10));
        await Eventually(() => inbox.CompletedCount == 1);
        await stop.CancelAsync();
        await run;

        Assert.Equal(["crm 1", "slack 2"], Snapshot(calls));
    }

    [Fact]
    public async Task Run_Cancelled_LeavesInFlightDeliveryStoredAndNotCompleted()
    {
        var inbox = new InMemoryRefAssuredInbox();
        var started = new TaskCompletionSource();
        var dispatcher = new RefAssuredDispatcherBuilder()
            .On<SalesOptIn>(async (e, c, ct) =>
            {
                started.TrySetResult();
                await Task.Delay(Timeout.Infinite, ct);
            })
            .Build();
        await inbox.AppendAsync(Delivery("A", RefAssuredEventType.SalesOptIn), TestContext.Current.CancellationToken);
        var worker = new RefAssuredWorker(inbox, dispatcher, new RefAssuredWorkerOptions { ShutdownTimeout = TimeSpan.FromMilliseconds(100) });

        using var stop = new CancellationTokenSource();
        var run = worker.RunAsync(stop.Token);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        var entry = Assert.Single(inbox.GetEntries());
        Assert.Equal(RefAssuredDeliveryState.Pending, entry.State);
        Assert.Equal(1, entry.Delivery.Attempt);
        Assert.Null(entry.LastError);
        Assert.Equal(0, inbox.CompletedCount);
    }

    [Fact]
    public async Task Run_Cancelled_LetsRunningHandlerFinishWithinShutdownTimeout()
    {
        var inbox = new InMemoryRefAssuredInbox();
        var started = new TaskCompletionSource();
        var dispatcher = new RefAssuredDispatcherBuilder()
            .On<SalesOptIn>(async (e, c, ct) =>
            {
                started.TrySetResult();
                await Task.Delay(300, CancellationToken.None);
            })
            .Build();
        await inbox.AppendAsync(Delivery("A", RefAssuredEventType.SalesOptIn), TestContext.Current.CancellationToken);
        var worker = new RefAssuredWorker(inbox, dispatcher, new RefAssuredWorkerOptions { ShutdownTimeout = TimeSpan.FromSeconds(10) });

        using var stop = new CancellationTokenSource();
        var run = worker.RunAsync(stop.Token);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal(1, inbox.CompletedCount);
        Assert.Equal(0, inbox.Count);
    }

    [Fact]
    public async Task Run_HandlersThatBlockTheirThread_StillRunSideBySide()
    {
        var inbox = new InMemoryRefAssuredInbox();
        using var together = new Barrier(2);
        var dispatcher = new RefAssuredDispatcherBuilder()
            .On<SalesOptIn>((e, c, ct) =>
            {
                // Returns only once both deliveries' handlers are running at the same time.
                return together.SignalAndWait(TimeSpan.FromSeconds(10), ct)
                    ? Task.CompletedTask
                    : throw new TimeoutException("The other delivery's handler never ran alongside.");
            })
            .Build();
        await inbox.AppendAsync(Delivery("D1", RefAssuredEventType.SalesOptIn), TestContext.Current.CancellationToken);
        await inbox.AppendAsync(Delivery("D2", RefAssuredEventType.SalesOptIn), TestContext.Current.CancellationToken);

        await RunUntil(new RefAssuredWorker(inbox, dispatcher, new RefAssuredWorkerOptions { MaxConcurrency = 2 }), () => inbox.CompletedCount == 2);

        Assert.Equal(0, inbox.Count);
    }

    [Fact]
    public async Task Run_MaxConcurrency_IsNeverExceeded()
    {
        var inbox = new InMemoryRefAssuredInbox();
        var current = 0;
        var peak = 0;
        var dispatcher = new RefAssuredDispatcherBuilder()
            .On<SalesOptIn>(async (e, c, ct) =>
            {
                var now = Interlocked.Increment(ref current);
                InterlockedMax(ref peak, now);
                await Task.Delay(30, ct);
                Interlocked.Decrement(ref current);
            })
            .Build();
        for (var i = 0; i < 12; i++)
        {
            await inbox.AppendAsync(Delivery("D" + i, RefAssuredEventType.SalesOptIn), TestContext.Current.CancellationToken);
        }

        await RunUntil(new RefAssuredWorker(inbox, dispatcher, new RefAssuredWorkerOptions { MaxConcurrency = 3 }), () => inbox.CompletedCount == 12);

        Assert.Equal(3, peak);
    }

    [Fact]
    public void Constructor_InvalidOptions_ReportsEveryProblem()
    {
        var options = new RefAssuredWorkerOptions { MaxConcurrency = 0, ShutdownTimeout = TimeSpan.FromSeconds(-1), RetryPolicy = new RefAssuredRetryPolicy { MaxAttempts = 0, Jitter = 2 } };

        var ex = Assert.Throws<ArgumentException>(() => new RefAssuredWorker(new InMemoryRefAssuredInbox(), new RefAssuredDispatcherBuilder().Build(), options));

        Assert.Contains("MaxAttempts", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Jitter", ex.Message, StringComparison.Ordinal);
        Assert.Contains("MaxConcurrency", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ShutdownTimeout", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 10.0)]
    [InlineData(2, 20.0)]
    [InlineData(3, 40.0)]
    [InlineData(8, 900.0)]
    public void RetryPolicy_WithoutJitter_DoublesUpToTheMaximum(int failedAttempt, double seconds)
    {
        var policy = new RefAssuredRetryPolicy { MaxAttempts = 10, Jitter = 0 };

        Assert.Equal(TimeSpan.FromSeconds(seconds), policy.GetRetryDelay(failedAttempt));
    }

    [Fact]
    public void RetryPolicy_Jitter_StaysWithinItsFractionAndSpreads()
    {
        var policy = new RefAssuredRetryPolicy { Jitter = 0.2 };
        var random = new Random(1);

        var delays = Enumerable.Range(0, 200).Select(_ => policy.GetRetryDelay(2, random)!.Value.TotalSeconds).ToList();

        Assert.All(delays, d => Assert.InRange(d, 16, 24));
        Assert.True(delays.Distinct().Count() > 150);
        Assert.Null(policy.GetRetryDelay(policy.MaxAttempts));
    }

    private static RefAssuredDelivery Delivery(string suffix, RefAssuredEventType type) =>
        RefAssuredDispatcherTests.Delivery(type) with { DeliveryId = "01JDWORKER" + suffix.PadLeft(16, '0') };

    /// <summary>Runs a worker until a condition holds, generously bounded for a busy machine.</summary>
    internal static async Task RunUntil(RefAssuredWorker worker, Func<bool> done)
    {
        using var stop = new CancellationTokenSource();
        var run = worker.RunAsync(stop.Token);
        await Eventually(done);
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
    }

    internal static async Task Eventually(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold within 30 seconds.");
            await Task.Delay(5, TestContext.Current.CancellationToken);
        }
    }

    private static Task Add(List<string> list, string item)
    {
        lock (list)
        {
            list.Add(item);
        }

        return Task.CompletedTask;
    }

    private static Task Add(List<int> list, string item)
    {
        lock (list)
        {
            list.Add(int.Parse(item, System.Globalization.CultureInfo.InvariantCulture));
        }

        return Task.CompletedTask;
    }

    private static List<string> Snapshot(List<string> list)
    {
        lock (list)
        {
            return [.. list];
        }
    }

    private static List<string> Snapshot(List<int> list)
    {
        lock (list)
        {
            return list.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    private sealed class RecordingObserver : RefAssuredObserver
    {
        private readonly List<string> _lines = [];

        public List<string> Snapshot()
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }

        public override void HandlerFailed(RefAssuredDelivery delivery, RefAssuredHandlerOutcome outcome, DateTimeOffset? retryAt) =>
            Add(_lines, $"failed {outcome.HandlerName} {(retryAt is null ? "dead" : "retry")}");

        public override void DeliveryDeadLettered(RefAssuredDelivery delivery, string reason) => Add(_lines, $"dead-lettered {reason}");
    }
}

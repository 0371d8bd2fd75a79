using Microsoft.Extensions.Time.Testing;

namespace RefAssured.Sdk.Tests.Inbox;

public sealed class DeliverySchedulerTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);

    [Fact]
    public async Task TryAdd_Pending_IsHandedOutOnce_AndLeasedInFlight()
    {
        var scheduler = new DeliveryScheduler(_time);

        Assert.Equal(DeliveryAddResult.Added, scheduler.TryAdd(Entry(1)));
        var taken = await TakeAsync(scheduler, 1);
        var again = await TakeAsync(scheduler, 1, TimeSpan.FromMilliseconds(100));

        Assert.Equal(Id(1), Assert.Single(taken).DeliveryId);
        Assert.Empty(again);
        Assert.Equal((0, 1), (scheduler.GetStatistics().Pending, scheduler.GetStatistics().InFlight));
    }

    [Fact]
    public void TryAdd_DuplicateOrPastCapacity_AddsNothing()
    {
        var scheduler = new DeliveryScheduler(_time);
        scheduler.TryAdd(Entry(1));

        Assert.Equal(DeliveryAddResult.Duplicate, scheduler.TryAdd(Entry(1)));
        Assert.Equal(DeliveryAddResult.Full, scheduler.TryAdd(Entry(2), capacity: 1));
        Assert.Equal(1, scheduler.Count);
    }

    [Fact]
    public async Task TryAdd_InFlight_IsHandedOutOnlyOncePublished()
    {
        var scheduler = new DeliveryScheduler(_time);
        var entry = Entry(1, RefAssuredDeliveryState.InFlight);
        scheduler.TryAdd(entry);

        Assert.Empty(await TakeAsync(scheduler, 1, TimeSpan.FromMilliseconds(100)));
        scheduler.Publish(entry, e => e.Location = new RecordLocation(3, 40));
        var taken = await TakeAsync(scheduler, 1);

        Assert.Equal(Id(1), Assert.Single(taken).DeliveryId);
        Assert.Equal(new RecordLocation(3, 40), entry.Location);
    }

    [Fact]
    public async Task Fail_WithRetry_IsHandedOutAtItsTimeWithTheNextAttempt()
    {
        var scheduler = new DeliveryScheduler(_time);
        scheduler.TryAdd(Entry(1));
        var taken = Assert.Single(await TakeAsync(scheduler, 1));

        Assert.True(scheduler.Fail(taken, new RefAssuredDeliveryFailure("crm down", Start.AddMinutes(1)) { CompletedHandlers = new HashSet<string> { "ats" } }));
        Assert.Equal(1, scheduler.GetStatistics().RetryScheduled);
        Assert.Empty(await TakeAsync(scheduler, 1, TimeSpan.FromMilliseconds(100)));
        _time.Advance(TimeSpan.FromMinutes(1));
        var retried = Assert.Single(await TakeAsync(scheduler, 1));

        Assert.Equal(2, retried.Attempt);
        Assert.Contains("ats", retried.CompletedHandlers);
    }

    [Fact]
    public async Task Fail_WithoutRetry_IsADeadLetter_ThatCanBeReplayedFromAttemptOne()
    {
        var scheduler = new DeliveryScheduler(_time);
        scheduler.TryAdd(Entry(1));
        var taken = Assert.Single(await TakeAsync(scheduler, 1));
        var seenWhileLocked = RefAssuredDeliveryState.Pending;

        scheduler.Fail(taken with { Attempt = 5 }, new RefAssuredDeliveryFailure("bad data", null), e => seenWhileLocked = e.State);
        var letter = scheduler.Read(entries => DeliveryStatistics.DeadLetter(entries, Id(1)));
        var leased = scheduler.LeaseDeadLetter(Id(1))!;
        Assert.Null(scheduler.LeaseDeadLetter(Id(1)));
        scheduler.Replay(leased);
        var replayed = Assert.Single(await TakeAsync(scheduler, 1));

        Assert.Equal(RefAssuredDeliveryState.DeadLettered, seenWhileLocked);
        Assert.Equal(("bad data", 5, Start), (letter!.Error, letter.Delivery.Attempt, letter.DeadLetteredAt));
        Assert.Equal(1, replayed.Attempt);
    }

    [Fact]
    public void LeaseDeadLetter_Returned_IsADeadLetterAgain_AndRemovedIsGone()
    {
        var scheduler = new DeliveryScheduler(_time);
        var entry = Entry(1, RefAssuredDeliveryState.DeadLettered);
        scheduler.TryAdd(entry);

        scheduler.ReturnDeadLetter(scheduler.LeaseDeadLetter(Id(1))!);
        Assert.Equal(1, scheduler.GetStatistics().DeadLettered);
        scheduler.Remove(scheduler.LeaseDeadLetter(Id(1))!);

        Assert.Equal(0, scheduler.Count);
    }

    [Fact]
    public async Task Release_HandsOutAgainWithTheSameAttemptAndItsCompletedHandlers()
    {
        var scheduler = new DeliveryScheduler(_time);
        scheduler.TryAdd(Entry(1));
        var taken = Assert.Single(await TakeAsync(scheduler, 1));

        scheduler.Release(taken with { CompletedHandlers = new HashSet<string> { "crm" } });
        var again = Assert.Single(await TakeAsync(scheduler, 1));

        Assert.Equal(1, again.Attempt);
        Assert.Contains("crm", again.CompletedHandlers);
    }

    [Fact]
    public async Task Complete_RemovesTheEntryAndCountsIt()
    {
        var scheduler = new DeliveryScheduler(_time);
        scheduler.TryAdd(Entry(1));
        var taken = Assert.Single(await TakeAsync(scheduler, 1));

        Assert.NotNull(scheduler.Complete(taken.DeliveryId));
        Assert.Null(scheduler.Complete(taken.DeliveryId));

        Assert.Equal((0, 1L), (scheduler.Count, scheduler.CompletedCount));
    }

    [Fact]
    public async Task Restore_VoidsLeases_HandsOutOldestFirst_AndSchedulesRetries()
    {
        var scheduler = new DeliveryScheduler(_time);
        var retry = Entry(0, RefAssuredDeliveryState.RetryScheduled);
        retry.RetryAt = Start.AddMinutes(5);

        scheduler.Restore([Entry(3), Entry(2, RefAssuredDeliveryState.InFlight), retry, Entry(4, RefAssuredDeliveryState.DeadLettered)]);
        var taken = await TakeAsync(scheduler, 2);
        _time.Advance(TimeSpan.FromMinutes(5));
        var retried = Assert.Single(await TakeAsync(scheduler, 1));

        Assert.Equal([Id(2), Id(3)], taken.Select(d => d.DeliveryId));
        Assert.Equal(Id(0), retried.DeliveryId);
        Assert.Equal(1, scheduler.GetStatistics().DeadLettered);
        Assert.Equal(Start, scheduler.GetStatistics().OldestWaitingReceivedAt);
    }

    private static string Id(int n) => "01JDSCHED" + n.ToString("D17", System.Globalization.CultureInfo.InvariantCulture);

    private static DeliveryEntry Entry(int n, RefAssuredDeliveryState state = RefAssuredDeliveryState.Pending) =>
        new(new RefAssuredDelivery(Id(n), RefAssuredEventType.SalesOptIn, Start.AddSeconds(n), new byte[] { 1 })) { State = state };

    private static async Task<List<RefAssuredDelivery>> TakeAsync(DeliveryScheduler scheduler, int count, TimeSpan? wait = null)
    {
        var taken = new List<RefAssuredDelivery>();
        using var timeout = new CancellationTokenSource(wait ?? TimeSpan.FromSeconds(10));
        try
        {
            await foreach (var item in scheduler.TakeAsync(timeout.Token))
            {
                taken.Add(item.Delivery);
                if (taken.Count == count)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        return taken;
    }
}

using RefAssured.Sdk.Tests.Dispatching;

namespace RefAssured.Sdk.Tests.Inbox;

public sealed class InMemoryRefAssuredInboxTests
{
    [Fact]
    public async Task Read_HandsOutEachPendingDeliveryOnce()
    {
        var inbox = new InMemoryRefAssuredInbox();
        var delivery = RefAssuredDispatcherTests.Delivery(RefAssuredEventType.SalesOptIn);
        await inbox.AppendAsync(delivery, TestContext.Current.CancellationToken);

        var first = await ReadOne(inbox);
        var second = await TryReadOne(inbox, TimeSpan.FromMilliseconds(100));

        Assert.Equal(delivery.DeliveryId, first.DeliveryId);
        Assert.Null(second);
        Assert.Equal(RefAssuredDeliveryState.InFlight, Assert.Single(inbox.GetEntries()).State);
    }

    [Fact]
    public async Task Release_HandsTheDeliveryOutAgainWithTheSameAttempt()
    {
        var inbox = new InMemoryRefAssuredInbox();
        await inbox.AppendAsync(RefAssuredDispatcherTests.Delivery(RefAssuredEventType.SalesOptIn), TestContext.Current.CancellationToken);
        var taken = await ReadOne(inbox);

        await inbox.ReleaseAsync(taken with { CompletedHandlers = new HashSet<string> { "a" } }, TestContext.Current.CancellationToken);
        var again = await ReadOne(inbox);

        Assert.Equal(taken.DeliveryId, again.DeliveryId);
        Assert.Equal(1, again.Attempt);
        Assert.Contains("a", again.CompletedHandlers);
    }

    [Fact]
    public async Task Append_DuplicateId_Throws()
    {
        var inbox = new InMemoryRefAssuredInbox();
        var delivery = RefAssuredDispatcherTests.Delivery(RefAssuredEventType.SalesOptIn);
        await inbox.AppendAsync(delivery, TestContext.Current.CancellationToken);

        await Assert.ThrowsAsync<ArgumentException>(async () => await inbox.AppendAsync(delivery, TestContext.Current.CancellationToken));
        Assert.Equal(1, inbox.Count);
    }

    [Fact]
    public async Task Append_AtCapacity_ThrowsUnavailableAndCompletingFreesRoom()
    {
        var inbox = new InMemoryRefAssuredInbox(capacity: 1);
        var first = RefAssuredDispatcherTests.Delivery(RefAssuredEventType.SalesOptIn);
        await inbox.AppendAsync(first, TestContext.Current.CancellationToken);

        var ex = await Assert.ThrowsAsync<RefAssuredInboxUnavailableException>(async () => await inbox.AppendAsync(RefAssuredDispatcherTests.Delivery(RefAssuredEventType.CandidateNote), TestContext.Current.CancellationToken));
        await inbox.CompleteAsync(await ReadOne(inbox), TestContext.Current.CancellationToken);
        await inbox.AppendAsync(RefAssuredDispatcherTests.Delivery(RefAssuredEventType.CandidateNote), TestContext.Current.CancellationToken);

        Assert.Contains("full", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, inbox.CompletedCount);
        Assert.Equal(1, inbox.Count);
    }

    [Fact]
    public void Constructor_CapacityBelowOne_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new InMemoryRefAssuredInbox(capacity: 0));

    [Fact]
    public async Task Append_PastMaxBufferedBytes_ThrowsUnavailableAndCompletingFreesTheBytes()
    {
        var inbox = new InMemoryRefAssuredInbox { MaxBufferedBytes = 1000 };
        await inbox.AppendAsync(Sized("a", 600), TestContext.Current.CancellationToken);

        var ex = await Assert.ThrowsAsync<RefAssuredInboxUnavailableException>(async () => await inbox.AppendAsync(Sized("b", 600), TestContext.Current.CancellationToken));
        var heldWhenFull = inbox.Budget.Used;
        await inbox.CompleteAsync(await ReadOne(inbox), TestContext.Current.CancellationToken);
        var heldAfterCompletion = inbox.Budget.Used;
        await inbox.AppendAsync(Sized("b", 600), TestContext.Current.CancellationToken);

        Assert.Contains("full", ex.Message, StringComparison.Ordinal);
        Assert.Equal(600, heldWhenFull);
        Assert.Equal(0, heldAfterCompletion);
        Assert.Equal(600, inbox.Budget.Used);
        Assert.Equal(1, inbox.Count);
    }

    [Fact]
    public async Task DeadLetter_KeepsItsBytesUntilPurged()
    {
        var inbox = new InMemoryRefAssuredInbox { MaxBufferedBytes = 1000 };
        await inbox.AppendAsync(Sized("a", 600), TestContext.Current.CancellationToken);
        await inbox.FailAsync(await ReadOne(inbox), new RefAssuredDeliveryFailure("crm: down", null), TestContext.Current.CancellationToken);

        var heldAsDeadLetter = inbox.Budget.Used;
        await inbox.PurgeAsync("a", TestContext.Current.CancellationToken);

        Assert.Equal(600, heldAsDeadLetter);
        Assert.Equal(0, inbox.Budget.Used);
        Assert.Equal(0, inbox.Count);
    }

    [Fact]
    public async Task Append_DuplicateOrAtCapacity_GivesBackTheBytesItReserved()
    {
        var inbox = new InMemoryRefAssuredInbox(capacity: 2);
        await inbox.AppendAsync(Sized("a", 100), TestContext.Current.CancellationToken);

        await Assert.ThrowsAsync<ArgumentException>(async () => await inbox.AppendAsync(Sized("a", 100), TestContext.Current.CancellationToken));
        await inbox.AppendAsync(Sized("b", 100), TestContext.Current.CancellationToken);
        await Assert.ThrowsAsync<RefAssuredInboxUnavailableException>(async () => await inbox.AppendAsync(Sized("c", 100), TestContext.Current.CancellationToken));

        Assert.Equal(200, inbox.Budget.Used);
    }

    [Fact]
    public void MaxBufferedBytes_BelowOne_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new InMemoryRefAssuredInbox { MaxBufferedBytes = 0 });

    private static RefAssuredDelivery Sized(string id, int bytes) =>
        new(id, RefAssuredEventType.SalesOptIn, new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero), new byte[bytes]);

    private static async Task<RefAssuredDelivery> ReadOne(InMemoryRefAssuredInbox inbox) =>
        await TryReadOne(inbox, TimeSpan.FromSeconds(5)) ?? throw new InvalidOperationException("Nothing was handed out.");

    private static async Task<RefAssuredDelivery?> TryReadOne(InMemoryRefAssuredInbox inbox, TimeSpan wait)
    {
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            await foreach (var delivery in inbox.ReadAsync(timeout.Token))
            {
                return delivery;
            }
        }
        catch (OperationCanceledException)
        {
        }

        return null;
    }
}

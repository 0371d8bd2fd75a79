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

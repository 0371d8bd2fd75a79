using System.Text;

namespace RefAssured.Sdk.Tests.Inbox.Contract;

/// <summary>
/// What every inbox promises its worker and its operators, whatever it stores in: each inbox's
/// test class derives from this one and must pass the same cases.
/// </summary>
public abstract class InboxContractTests
{
    private static readonly DateTimeOffset Received = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Creates an empty inbox of the kind under test.</summary>
    protected abstract Task<IRefAssuredInbox> CreateAsync();

    [Fact]
    public async Task Append_ThenRead_HandsOutTheDeliveryAsStored()
    {
        var inbox = await CreateAsync();
        await using var _ = AsDisposable(inbox);
        var delivery = Delivery(1);

        await inbox.AppendAsync(delivery, TestContext.Current.CancellationToken);
        var handedOut = Assert.Single(await ReadAsync(inbox, 1));

        Assert.Equal(delivery.DeliveryId, handedOut.DeliveryId);
        Assert.Equal(delivery.EventType, handedOut.EventType);
        Assert.Equal(delivery.ReceivedAt, handedOut.ReceivedAt);
        Assert.Equal(delivery.Body.ToArray(), handedOut.Body.ToArray());
        Assert.Equal("acme", handedOut.RouteValues["tenant"]);
        Assert.Equal(1, handedOut.Attempt);
        Assert.Equal(1, (await Monitor(inbox).GetStatisticsAsync(TestContext.Current.CancellationToken)).InFlight);
    }

    [Fact]
    public async Task Complete_LeavesNothingToHandOut()
    {
        var inbox = await CreateAsync();
        await using var _ = AsDisposable(inbox);
        await inbox.AppendAsync(Delivery(1), TestContext.Current.CancellationToken);

        await inbox.CompleteAsync(Assert.Single(await ReadAsync(inbox, 1)), TestContext.Current.CancellationToken);

        Assert.Equal(0, (await Monitor(inbox).GetStatisticsAsync(TestContext.Current.CancellationToken)).Depth);
        Assert.Empty(await ReadAsync(inbox, 1, TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task Release_HandsTheDeliveryOutAgainAtTheSameAttempt()
    {
        var inbox = await CreateAsync();
        await using var _ = AsDisposable(inbox);
        await inbox.AppendAsync(Delivery(1), TestContext.Current.CancellationToken);

        await inbox.ReleaseAsync(Assert.Single(await ReadAsync(inbox, 1)), TestContext.Current.CancellationToken);
        var again = Assert.Single(await ReadAsync(inbox, 1));

        Assert.Equal(Delivery(1).DeliveryId, again.DeliveryId);
        Assert.Equal(1, again.Attempt);
    }

    [Fact]
    public async Task Fail_WithALaterRetry_WaitsForItsTimeAndIsCountedAsScheduled()
    {
        var inbox = await CreateAsync();
        await using var _ = AsDisposable(inbox);
        await inbox.AppendAsync(Delivery(1), TestContext.Current.CancellationToken);

        await inbox.FailAsync(Assert.Single(await ReadAsync(inbox, 1)), new RefAssuredDeliveryFailure("lead: TimeoutException", DateTimeOffset.UtcNow.AddHours(1)), TestContext.Current.CancellationToken);

        Assert.Equal(1, (await Monitor(inbox).GetStatisticsAsync(TestContext.Current.CancellationToken)).RetryScheduled);
        Assert.Empty(await ReadAsync(inbox, 1, TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task Fail_WithoutRetry_IsADeadLetterWithItsErrorAndBody()
    {
        var inbox = await CreateAsync();
        await using var _ = AsDisposable(inbox);
        var delivery = Delivery(1);
        await inbox.AppendAsync(delivery, TestContext.Current.CancellationToken);

        await inbox.FailAsync(Assert.Single(await ReadAsync(inbox, 1)), new RefAssuredDeliveryFailure("lead: InvalidOperationException", RetryAt: null), TestContext.Current.CancellationToken);

        var listed = Assert.Single(await DeadLetters(inbox).ListDeadLettersAsync(TestContext.Current.CancellationToken));
        var found = await DeadLetters(inbox).GetDeadLetterAsync(delivery.DeliveryId, TestContext.Current.CancellationToken);
        Assert.Equal(delivery.DeliveryId, listed.Delivery.DeliveryId);
        Assert.Equal("lead: InvalidOperationException", listed.Error);
        Assert.NotNull(found);
        Assert.Equal(delivery.Body.ToArray(), found.Delivery.Body.ToArray());
        Assert.Equal(1, (await Monitor(inbox).GetStatisticsAsync(TestContext.Current.CancellationToken)).DeadLettered);
    }

    [Fact]
    public async Task Replay_DeadLetter_IsHandedOutAgainWithItsIdFromAttemptOne()
    {
        var inbox = await CreateAsync();
        await using var _ = AsDisposable(inbox);
        var delivery = Delivery(1);
        await inbox.AppendAsync(delivery, TestContext.Current.CancellationToken);
        await inbox.FailAsync(Assert.Single(await ReadAsync(inbox, 1)) with { Attempt = 3 }, new RefAssuredDeliveryFailure("lead: HttpRequestException", RetryAt: null), TestContext.Current.CancellationToken);

        Assert.True(await DeadLetters(inbox).ReplayAsync(delivery.DeliveryId, TestContext.Current.CancellationToken));
        var replayed = Assert.Single(await ReadAsync(inbox, 1));

        Assert.Equal(delivery.DeliveryId, replayed.DeliveryId);
        Assert.Equal(1, replayed.Attempt);
        Assert.Empty(await DeadLetters(inbox).ListDeadLettersAsync(TestContext.Current.CancellationToken));
        Assert.False(await DeadLetters(inbox).ReplayAsync("01JDNOSUCHDELIVERY00000000", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Purge_RemovesTheDeadLetterForGood()
    {
        var inbox = await CreateAsync();
        await using var _ = AsDisposable(inbox);
        for (var n = 1; n <= 3; n++)
        {
            await inbox.AppendAsync(Delivery(n), TestContext.Current.CancellationToken);
        }

        foreach (var handedOut in await ReadAsync(inbox, 3))
        {
            await inbox.FailAsync(handedOut, new RefAssuredDeliveryFailure("lead: InvalidOperationException", RetryAt: null), TestContext.Current.CancellationToken);
        }

        Assert.True(await DeadLetters(inbox).PurgeAsync(Delivery(1).DeliveryId, TestContext.Current.CancellationToken));
        Assert.Equal(2, await DeadLetters(inbox).PurgeAllAsync(TestContext.Current.CancellationToken));

        Assert.Empty(await DeadLetters(inbox).ListDeadLettersAsync(TestContext.Current.CancellationToken));
        Assert.Null(await DeadLetters(inbox).GetDeadLetterAsync(Delivery(2).DeliveryId, TestContext.Current.CancellationToken));
        Assert.Equal(0, (await Monitor(inbox).GetStatisticsAsync(TestContext.Current.CancellationToken)).DeadLettered);
    }

    private static RefAssuredDelivery Delivery(int n) =>
        new(("01JDCONTRACT" + n.ToString("D14", System.Globalization.CultureInfo.InvariantCulture))[..26], RefAssuredEventType.SalesOptIn, Received.AddSeconds(n), Encoding.UTF8.GetBytes($$"""{"referenceRequestId":{{n}},"personFirst":"Jane"}"""))
        {
            RouteValues = new Dictionary<string, string> { ["tenant"] = "acme" },
        };

    private static IRefAssuredDeadLetterStore DeadLetters(IRefAssuredInbox inbox) => Assert.IsAssignableFrom<IRefAssuredDeadLetterStore>(inbox);

    private static IRefAssuredInboxMonitor Monitor(IRefAssuredInbox inbox) => Assert.IsAssignableFrom<IRefAssuredInboxMonitor>(inbox);

    private static IAsyncDisposable AsDisposable(IRefAssuredInbox inbox) => inbox as IAsyncDisposable ?? new NothingToDispose();

    private static Task<List<RefAssuredDelivery>> ReadAsync(IRefAssuredInbox inbox, int count, TimeSpan? wait = null) =>
        InboxReading.ReadAsync(inbox, count, wait ?? TimeSpan.FromSeconds(30));

    private sealed class NothingToDispose : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

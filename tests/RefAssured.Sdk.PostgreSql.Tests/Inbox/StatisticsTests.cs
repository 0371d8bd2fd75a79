using RefAssured.Sdk.PostgreSql.Tests.Infrastructure;
using static RefAssured.Sdk.PostgreSql.Tests.Infrastructure.InboxTesting;

namespace RefAssured.Sdk.PostgreSql.Tests.Inbox;

public sealed class StatisticsTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private static readonly DateTimeOffset Received = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Statistics_CountEachStateAndGiveTheOldestWaitingReceiptLeavingOutDeadLetters()
    {
        await using var inbox = NewInbox(database, NewSchema("statistics"));
        await inbox.AppendAsync(Delivery(1) with { ReceivedAt = Received }, Cancellation);
        await inbox.AppendAsync(Delivery(2) with { ReceivedAt = Received.AddMinutes(1) }, Cancellation);
        await inbox.AppendAsync(Delivery(3) with { ReceivedAt = Received.AddMinutes(2) }, Cancellation);
        await inbox.AppendAsync(Delivery(4) with { ReceivedAt = Received.AddMinutes(3) }, Cancellation);
        var handedOut = await ReadAsync(inbox, 3, TimeSpan.FromSeconds(30));
        await inbox.FailAsync(handedOut[0], new RefAssuredDeliveryFailure("lead: InvalidOperationException", RetryAt: null), Cancellation);
        await inbox.FailAsync(handedOut[1], new RefAssuredDeliveryFailure("lead: TimeoutException", DateTimeOffset.UtcNow.AddHours(1)), Cancellation);

        var statistics = await inbox.GetStatisticsAsync(Cancellation);

        Assert.Equal((1, 1, 1, 1), (statistics.Pending, statistics.InFlight, statistics.RetryScheduled, statistics.DeadLettered));
        Assert.Equal(3, statistics.Depth);
        Assert.Equal(Received.AddMinutes(1), statistics.OldestWaitingReceivedAt);
    }
}

namespace RefAssured.Sdk.Hosting;

/// <summary>Replays or purges every dead letter of a store, one by one.</summary>
internal static class DeadLetterBatches
{
    public static async ValueTask<int> ForEachAsync(IRefAssuredDeadLetterStore store, Func<string, CancellationToken, ValueTask<bool>> act, CancellationToken cancellationToken)
    {
        var done = 0;
        foreach (var letter in await store.ListDeadLettersAsync(cancellationToken).ConfigureAwait(false))
        {
            done += await act(letter.Delivery.DeliveryId, cancellationToken).ConfigureAwait(false) ? 1 : 0;
        }

        return done;
    }
}

namespace RefAssured.Sdk.Hosting;

/// <summary>
/// The deliveries that failed for good, for an operator to inspect, replay once the cause is
/// fixed, or purge. A replayed delivery keeps its id and starts again at attempt 1.
/// </summary>
public interface IRefAssuredDeadLetterStore
{
    /// <summary>Lists the dead letters, oldest received first.</summary>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The dead letters, each with its delivery (body included), error and time.</returns>
    ValueTask<IReadOnlyList<RefAssuredDeadLetter>> ListDeadLettersAsync(CancellationToken cancellationToken = default);

    /// <summary>Gets one dead letter.</summary>
    /// <param name="deliveryId">The delivery id.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The dead letter, or <see langword="null"/> when no dead letter has that id.</returns>
    ValueTask<RefAssuredDeadLetter?> GetDeadLetterAsync(string deliveryId, CancellationToken cancellationToken = default);

    /// <summary>Hands a dead letter to the worker again, with a fresh attempt count and the same id.</summary>
    /// <param name="deliveryId">The delivery id.</param>
    /// <param name="cancellationToken">Cancels the replay.</param>
    /// <returns><see langword="true"/> when a dead letter with that id was replayed.</returns>
    ValueTask<bool> ReplayAsync(string deliveryId, CancellationToken cancellationToken = default);

    /// <summary>Replays every dead letter.</summary>
    /// <param name="cancellationToken">Cancels the replay.</param>
    /// <returns>How many were replayed.</returns>
    ValueTask<int> ReplayAllAsync(CancellationToken cancellationToken = default);

    /// <summary>Deletes a dead letter for good.</summary>
    /// <param name="deliveryId">The delivery id.</param>
    /// <param name="cancellationToken">Cancels the purge.</param>
    /// <returns><see langword="true"/> when a dead letter with that id was purged.</returns>
    ValueTask<bool> PurgeAsync(string deliveryId, CancellationToken cancellationToken = default);

    /// <summary>Deletes every dead letter for good.</summary>
    /// <param name="cancellationToken">Cancels the purge.</param>
    /// <returns>How many were purged.</returns>
    ValueTask<int> PurgeAllAsync(CancellationToken cancellationToken = default);
}

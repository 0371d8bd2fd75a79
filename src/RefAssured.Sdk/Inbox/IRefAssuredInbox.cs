namespace RefAssured.Sdk.Hosting;

/// <summary>
/// Where accepted deliveries wait for their handlers. The receiver answers 200 only after
/// <see cref="AppendAsync"/> has returned, so an implementation must have stored the delivery
/// durably by then; the worker reads deliveries and records each one's completion or failure.
/// This is the seam for putting a database or a broker behind the same receiver.
/// </summary>
public interface IRefAssuredInbox
{
    /// <summary>Stores an accepted delivery. When the task completes, the delivery must survive what the implementation promises (a process kill for a durable inbox).</summary>
    /// <param name="delivery">The delivery, with a new id.</param>
    /// <param name="cancellationToken">Cancels the append; the delivery is then not stored.</param>
    /// <returns>A task that completes once the delivery is stored.</returns>
    /// <exception cref="RefAssuredInboxUnavailableException">The delivery could not be stored (full, disk error, …); the receiver answers 503.</exception>
    ValueTask AppendAsync(RefAssuredDelivery delivery, CancellationToken cancellationToken);

    /// <summary>
    /// Hands out deliveries that are due for processing, as they become due, until
    /// <paramref name="cancellationToken"/> is cancelled. Each delivery is handed out once until it
    /// is completed, failed or released.
    /// </summary>
    /// <param name="cancellationToken">Ends the enumeration.</param>
    /// <returns>The deliveries, each with its current <see cref="RefAssuredDelivery.Attempt"/>.</returns>
    IAsyncEnumerable<RefAssuredDelivery> ReadAsync(CancellationToken cancellationToken);

    /// <summary>Records that every handler succeeded for a delivery handed out by <see cref="ReadAsync"/>.</summary>
    /// <param name="delivery">The delivery; the worker passes it without its body, which a completion does not need.</param>
    /// <param name="cancellationToken">Cancels recording.</param>
    /// <returns>A task that completes once recorded.</returns>
    ValueTask CompleteAsync(RefAssuredDelivery delivery, CancellationToken cancellationToken);

    /// <summary>Records a failed attempt: the delivery is handed out again at <see cref="RefAssuredDeliveryFailure.RetryAt"/>, or dead-lettered.</summary>
    /// <param name="delivery">The delivery.</param>
    /// <param name="failure">The error, the retry time or none, and the handlers that succeeded.</param>
    /// <param name="cancellationToken">Cancels recording.</param>
    /// <returns>A task that completes once recorded.</returns>
    ValueTask FailAsync(RefAssuredDelivery delivery, RefAssuredDeliveryFailure failure, CancellationToken cancellationToken);

    /// <summary>
    /// Gives back a delivery that was handed out but not processed (the worker is shutting down):
    /// it stays pending, with its attempt not counted, and is handed out again later.
    /// </summary>
    /// <param name="delivery">The delivery.</param>
    /// <param name="cancellationToken">Cancels recording.</param>
    /// <returns>A task that completes once recorded.</returns>
    ValueTask ReleaseAsync(RefAssuredDelivery delivery, CancellationToken cancellationToken);
}

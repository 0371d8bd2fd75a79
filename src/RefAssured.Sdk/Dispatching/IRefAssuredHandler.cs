namespace RefAssured.Sdk;

/// <summary>
/// Application code that handles one kind of RefAssured event. Handlers run in the background,
/// after RefAssured got its 200, and at least once per delivery: a handler can see the same
/// delivery again (same <see cref="RefAssuredEventContext.DeliveryId"/>) if the process died
/// before its success was recorded, so make its effect idempotent.
/// </summary>
/// <typeparam name="TEvent">The event type handled: <see cref="SalesOptIn"/>, <see cref="CandidateOptIn"/>, <see cref="CandidateNote"/> or <see cref="ReferenceReport"/>.</typeparam>
public interface IRefAssuredHandler<in TEvent>
    where TEvent : RefAssuredEvent
{
    /// <summary>Handles one event. Throwing fails this handler's attempt; it is retried later with backoff.</summary>
    /// <param name="evt">The event.</param>
    /// <param name="context">The delivery: its id, type, received time, attempt, route values and raw body.</param>
    /// <param name="cancellationToken">Cancelled when the application shuts down.</param>
    /// <returns>A task that completes when the event is handled.</returns>
    Task HandleAsync(TEvent evt, RefAssuredEventContext context, CancellationToken cancellationToken);
}

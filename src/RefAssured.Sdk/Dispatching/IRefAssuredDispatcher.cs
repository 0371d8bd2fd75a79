namespace RefAssured.Sdk.Hosting;

/// <summary>Hands a stored delivery to every handler registered for its event type.</summary>
public interface IRefAssuredDispatcher
{
    /// <summary>
    /// Parses the delivery's body and calls each handler for its event type that has not yet
    /// succeeded for it (<see cref="RefAssuredDelivery.CompletedHandlers"/>). A failing handler
    /// does not stop the others. Does not throw for a handler's failure: the result reports it.
    /// </summary>
    /// <param name="delivery">The stored delivery.</param>
    /// <param name="cancellationToken">Passed to the handlers; cancelled on shutdown.</param>
    /// <returns>One outcome per handler called.</returns>
    Task<RefAssuredDispatchResult> DispatchAsync(RefAssuredDelivery delivery, CancellationToken cancellationToken);
}

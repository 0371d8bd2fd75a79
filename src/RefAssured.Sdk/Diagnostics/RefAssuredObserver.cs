namespace RefAssured.Sdk.Hosting;

/// <summary>
/// Receives the SDK's notable moments, for logging without a logging package: every accepted
/// delivery, every rejected request, every handler failure and dead letter, every inbox error.
/// Override what you need; the base does nothing. Called synchronously on the request or worker
/// path, so keep overrides quick; an exception thrown by one is swallowed.
/// </summary>
/// <remarks>Nothing passed here contains the verification key; bodies are passed only inside deliveries, never formatted.</remarks>
public abstract class RefAssuredObserver
{
    /// <summary>A request was stored and answered 200.</summary>
    /// <param name="delivery">The stored delivery.</param>
    /// <param name="remoteAddress">The sender's address as the host saw it, when known.</param>
    public virtual void DeliveryAccepted(RefAssuredDelivery delivery, string? remoteAddress)
    {
    }

    /// <summary>A request was answered with an error; nothing was stored.</summary>
    /// <param name="outcome">The answer, with its status and reason.</param>
    /// <param name="eventType">The event type, when the route named one.</param>
    /// <param name="remoteAddress">The sender's address as the host saw it, when known.</param>
    public virtual void RequestRejected(RefAssuredReceiveOutcome outcome, RefAssuredEventType? eventType, string? remoteAddress)
    {
    }

    /// <summary>A handler failed for a delivery.</summary>
    /// <param name="delivery">The delivery.</param>
    /// <param name="outcome">The handler and its exception.</param>
    /// <param name="retryAt">When the delivery will be retried, or <see langword="null"/> when it is dead-lettered.</param>
    public virtual void HandlerFailed(RefAssuredDelivery delivery, RefAssuredHandlerOutcome outcome, DateTimeOffset? retryAt)
    {
    }

    /// <summary>A delivery was dead-lettered: it will not be retried unless replayed.</summary>
    /// <param name="delivery">The delivery.</param>
    /// <param name="reason">Why, in one line.</param>
    public virtual void DeliveryDeadLettered(RefAssuredDelivery delivery, string reason)
    {
    }

    /// <summary>The inbox failed an operation: storing, reading, completing, failing or releasing a delivery, or its own upkeep.</summary>
    /// <param name="operation">
    /// The operation: <c>append</c>, <c>complete</c>, <c>fail</c>, <c>release</c> or <c>read</c> for
    /// every inbox; the file inbox adds <c>recover</c>, <c>audit</c> and <c>maintain</c>, the
    /// PostgreSQL inbox <c>renew</c> (leases), <c>retention</c>, <c>listen</c> and <c>notify</c>.
    /// </param>
    /// <param name="exception">The error.</param>
    public virtual void InboxFailed(string operation, Exception exception)
    {
    }
}

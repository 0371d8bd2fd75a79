namespace RefAssured.Cli;

/// <summary>
/// A delivery as <c>inbox show</c> prints it when it is not a dead letter: pending, retry
/// scheduled, in flight, or completed while the inbox still keeps a trace of it.
/// </summary>
/// <param name="Delivery">The delivery; its body is empty when not asked for or not kept.</param>
/// <param name="State">One of <see cref="Pending"/>, <see cref="RetryScheduled"/>, <see cref="InFlight"/>, <see cref="Completed"/>.</param>
internal sealed record DeliveryView(RefAssuredDelivery Delivery, string State)
{
    public const string Pending = "pending";
    public const string RetryScheduled = "retry-scheduled";
    public const string InFlight = "in-flight";
    public const string DeadLettered = "dead-lettered";
    public const string Completed = "completed";

    /// <summary>
    /// Gets the processing attempts made so far. A waiting delivery carries the number of the attempt
    /// it will be handed out for, one more than those made; in every other state it carries the last one.
    /// </summary>
    public int AttemptsMade => State == Pending ? Delivery.Attempt - 1 : Delivery.Attempt;

    /// <summary>Gets the error of the last failed attempt, if any.</summary>
    public string? Cause { get; init; }

    /// <summary>Gets when it is next handed out: its retry time, or when it became due.</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>Gets whether it is due: handed to the next free worker rather than waiting for its time.</summary>
    public bool Due { get; init; }

    /// <summary>Gets the instance holding its lease, while in flight.</summary>
    public string? LeaseOwner { get; init; }

    public DateTimeOffset? LeaseExpiresAt { get; init; }

    /// <summary>Gets whether the lease has run out, measured on the database's clock: any instance may take the delivery over.</summary>
    public bool LeaseExpired { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Gets the body's size, or null when the inbox no longer keeps the body.</summary>
    public int? BodyBytes { get; init; }

    /// <summary>Gets why the body is not there, when <see cref="BodyBytes"/> is null.</summary>
    public string? BodyMissing { get; init; }

    /// <summary>Gets whether the body was read (asked for, and kept).</summary>
    public bool HasBody { get; init; }

    /// <summary>Gets whether the last failure, handlers, route values and trace parent are known (an audit entry of a completion records none of them).</summary>
    public bool HasDetails { get; init; } = true;

    /// <summary>Gets where the delivery was found, when not in the inbox's stored deliveries (the file inbox's audit trail).</summary>
    public string? Source { get; init; }
}

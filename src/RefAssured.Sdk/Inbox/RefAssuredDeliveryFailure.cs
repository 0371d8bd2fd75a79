namespace RefAssured.Sdk.Hosting;

/// <summary>What the worker tells the inbox about a delivery whose handling failed.</summary>
/// <param name="Error">The failure in one line (exception types and messages), kept with the delivery.</param>
/// <param name="RetryAt">When to hand the delivery out again; <see langword="null"/> to dead-letter it.</param>
public sealed record RefAssuredDeliveryFailure(string Error, DateTimeOffset? RetryAt)
{
    /// <summary>Gets the handlers that succeeded so far; a retry skips them.</summary>
    public IReadOnlySet<string> CompletedHandlers { get; init; } = new HashSet<string>();

    /// <summary>Gets whether the delivery is dead-lettered (no retry).</summary>
    public bool IsDeadLetter => RetryAt is null;
}

namespace RefAssured.Sdk.Hosting;

/// <summary>What the worker tells the inbox about a delivery whose handling failed.</summary>
/// <param name="Error">The failure in one line, kept with the delivery: the worker gives handler names and exception types, with messages only when <see cref="RefAssuredWorkerOptions.StoreExceptionMessages"/> is set.</param>
/// <param name="RetryAt">When to hand the delivery out again; <see langword="null"/> to dead-letter it.</param>
public sealed record RefAssuredDeliveryFailure(string Error, DateTimeOffset? RetryAt)
{
    /// <summary>Gets the handlers that succeeded so far; a retry skips them.</summary>
    public IReadOnlySet<string> CompletedHandlers { get; init; } = new HashSet<string>();

    /// <summary>Gets whether the delivery is dead-lettered (no retry).</summary>
    public bool IsDeadLetter => RetryAt is null;
}

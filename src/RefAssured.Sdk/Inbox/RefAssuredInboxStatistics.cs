namespace RefAssured.Sdk.Hosting;

/// <summary>How many stored deliveries are in each state.</summary>
/// <param name="Pending">Waiting for the worker.</param>
/// <param name="InFlight">Being handled.</param>
/// <param name="RetryScheduled">Failed, waiting for their retry time.</param>
/// <param name="DeadLettered">Failed for good.</param>
/// <param name="OldestWaitingReceivedAt">When the oldest pending, in-flight or retry-scheduled delivery was received; <see langword="null"/> when there is none.</param>
public sealed record RefAssuredInboxStatistics(int Pending, int InFlight, int RetryScheduled, int DeadLettered, DateTimeOffset? OldestWaitingReceivedAt)
{
    /// <summary>Gets the deliveries not yet handled: pending, in flight and awaiting a retry.</summary>
    public int Depth => Pending + InFlight + RetryScheduled;

    /// <summary>Gets the corrupt records set aside when the inbox was opened (file inbox only).</summary>
    public int Quarantined { get; init; }
}

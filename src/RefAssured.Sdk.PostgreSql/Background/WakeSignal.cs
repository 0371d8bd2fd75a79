namespace RefAssured.Sdk.PostgreSql;

/// <summary>
/// Wakes every reader waiting for deliveries. A reader takes <see cref="Next"/> before it looks
/// for due rows, then waits on it, so that a signal raised while it was looking is not missed.
/// </summary>
internal sealed class WakeSignal
{
    private TaskCompletionSource _next = NewSource();

    /// <summary>Gets a task that completes at the next <see cref="Set"/>.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    public void Set() => Interlocked.Exchange(ref _next, NewSource()).TrySetResult();

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

namespace RefAssured.Sdk.PostgreSql;

/// <summary>The wait between attempts after a database error: 100 ms, doubling up to 5 s, back to the start after a success.</summary>
internal sealed class Backoff
{
    private static readonly TimeSpan First = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Longest = TimeSpan.FromSeconds(5);
    private TimeSpan _next = First;

    /// <summary>Gets the wait before the next attempt, and doubles the one after it.</summary>
    public TimeSpan Next()
    {
        var wait = _next;
        _next = _next * 2 > Longest ? Longest : _next * 2;
        return wait;
    }

    public void Reset() => _next = First;

    /// <summary>Waits, or less when <paramref name="cancellationToken"/> is cancelled, without throwing.</summary>
    public static async Task DelayAsync(TimeProvider timeProvider, TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }
}

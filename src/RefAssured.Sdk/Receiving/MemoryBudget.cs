namespace RefAssured.Sdk.Hosting;

/// <summary>
/// Counts the bytes of request bodies held in memory: those of requests being read, and those of
/// deliveries waiting in an <see cref="InMemoryRefAssuredInbox"/>. A receiver and the in-memory
/// inbox it stores in share one, so that together they stay within a limit; each caller passes
/// the limit it enforces.
/// </summary>
internal sealed class MemoryBudget
{
    private long _used;

    /// <summary>Gets the bytes reserved now.</summary>
    public long Used => Interlocked.Read(ref _used);

    /// <summary>Reserves <paramref name="bytes"/> unless that would take the total past <paramref name="limit"/>.</summary>
    /// <returns>Whether the bytes were reserved; when not, nothing was.</returns>
    public bool TryReserve(long bytes, long limit)
    {
        if (Interlocked.Add(ref _used, bytes) <= limit)
        {
            return true;
        }

        Interlocked.Add(ref _used, -bytes);
        return false;
    }

    /// <summary>Gives back bytes reserved earlier.</summary>
    public void Release(long bytes) => Interlocked.Add(ref _used, -bytes);
}

namespace RefAssured.Sdk.Hosting;

/// <summary>The bytes one request holds in a <see cref="MemoryBudget"/>: grown as its body is read, given back once on dispose.</summary>
internal sealed class MemoryReservation(MemoryBudget budget, long limit) : IDisposable
{
    private long _held;

    /// <summary>Gets the bytes held.</summary>
    public long Held => Interlocked.Read(ref _held);

    /// <summary>Adds <paramref name="bytes"/> to the reservation unless the budget's total would go past the limit.</summary>
    /// <returns>Whether the bytes were reserved.</returns>
    public bool TryAdd(long bytes)
    {
        if (!budget.TryReserve(bytes, limit))
        {
            return false;
        }

        Interlocked.Add(ref _held, bytes);
        return true;
    }

    /// <summary>Gives back every byte held; later calls give back nothing.</summary>
    public void Dispose() => budget.Release(Interlocked.Exchange(ref _held, 0));
}

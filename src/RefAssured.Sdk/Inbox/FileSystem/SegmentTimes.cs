namespace RefAssured.Sdk.Hosting;

/// <summary>
/// Which segment is being written, and when each segment got its newest record: what retention
/// decides by. The writer moves the active segment on; retention reads and removes. Thread-safe.
/// </summary>
internal sealed class SegmentTimes(IReadOnlyDictionary<long, DateTimeOffset> existing)
{
    private readonly Dictionary<long, DateTimeOffset> _lastWritten = new(existing);
    private long _active = existing.Count == 0 ? 0 : existing.Keys.Max();

    /// <summary>Gets the number of the segment being written, or of the last one written.</summary>
    public long Active
    {
        get
        {
            lock (_lastWritten)
            {
                return _active;
            }
        }
    }

    /// <summary>Makes <paramref name="segment"/>, just created, the active one.</summary>
    public void Start(long segment)
    {
        lock (_lastWritten)
        {
            _active = segment;
        }
    }

    /// <summary>Records that the active segment got records at <paramref name="time"/>.</summary>
    public void Written(DateTimeOffset time)
    {
        lock (_lastWritten)
        {
            _lastWritten[_active] = time;
        }
    }

    /// <summary>Lists the segments before the active one whose newest record was written before <paramref name="cutoff"/>, oldest first.</summary>
    public List<long> WrittenBefore(DateTimeOffset cutoff)
    {
        lock (_lastWritten)
        {
            return _lastWritten.Where(s => s.Key < _active && s.Value < cutoff).Select(s => s.Key).Order().ToList();
        }
    }

    /// <summary>Forgets a deleted segment.</summary>
    public void Remove(long segment)
    {
        lock (_lastWritten)
        {
            _lastWritten.Remove(segment);
        }
    }
}

namespace RefAssured.Sdk.Hosting;

/// <summary>
/// The file inbox's optional size quota: an append that would take the inbox's bytes on disk
/// past it is refused, so the receiver answers 503 before the disk fills. The segments are
/// counted exactly, records still queued included; the audit trail and quarantine, which grow
/// slowly, are measured when the inbox opens and on every retention run. Records other than
/// appends (completions, failures, snapshots) are never refused: they are how space is freed.
/// </summary>
internal sealed class InboxQuota(long? limit, SegmentLog log, string directory)
{
    private long _otherBytes;

    /// <summary>Gets the inbox's bytes on disk as last counted.</summary>
    public long Bytes => log.Bytes + Volatile.Read(ref _otherBytes);

    /// <summary>Measures the files outside the segments (audit trail, quarantine).</summary>
    public void MeasureOtherFiles()
    {
        var total = 0L;
        foreach (var name in new[] { "audit", "quarantine" })
        {
            var path = Path.Combine(directory, name);
            if (Directory.Exists(path))
            {
                total += new DirectoryInfo(path).EnumerateFiles().Sum(f => f.Length);
            }
        }

        Volatile.Write(ref _otherBytes, total);
    }

    /// <summary>Throws when a record of <paramref name="recordSize"/> bytes would take the inbox past its quota.</summary>
    /// <exception cref="RefAssuredInboxUnavailableException">The quota would be passed.</exception>
    public void EnsureRoomFor(long recordSize)
    {
        if (limit is { } max && Bytes + recordSize > max)
        {
            throw new RefAssuredInboxUnavailableException("The inbox is full: its size quota is reached.");
        }
    }
}

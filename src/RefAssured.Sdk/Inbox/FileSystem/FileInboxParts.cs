namespace RefAssured.Sdk.Hosting;

/// <summary>
/// What an open <see cref="FileRefAssuredInbox"/> is made of: its directories, the state
/// recovered from them, the segment log, the audit trail, the dead letters, the lookup of one
/// delivery and retention.
/// </summary>
internal sealed class FileInboxParts : IAsyncDisposable
{
    /// <summary>Bodies up to this size stay in memory until handled; larger ones are read back from the log when handed out.</summary>
    public const int MemoryBodyLimit = 1024 * 1024;

    private readonly InboxLock _lock;

    private FileInboxParts(InboxLock inboxLock, SegmentLog log, AuditTrail audit, DeliveryScheduler scheduler, FileRefAssuredInboxOptions options, TimeProvider timeProvider, string directory, int quarantined)
    {
        _lock = inboxLock;
        Log = log;
        Audit = audit;
        DeadLetters = new FileDeadLetters(log, audit, scheduler, timeProvider);
        Deliveries = new FileDeliveryLookup(log, scheduler);
        Quota = new InboxQuota(options.SizeQuota, log, directory);
        var quarantine = new QuarantineStore(Path.Combine(directory, "quarantine"), options.Observer, timeProvider);
        Retention = new SegmentRetention(log, scheduler, audit, DeadLetters, quarantine, Quota, options, timeProvider);
        Quarantined = quarantined;
    }

    public SegmentLog Log { get; }

    public AuditTrail Audit { get; }

    public FileDeadLetters DeadLetters { get; }

    public FileDeliveryLookup Deliveries { get; }

    public SegmentRetention Retention { get; }

    public InboxQuota Quota { get; }

    /// <summary>Gets how many damaged byte ranges recovery set aside.</summary>
    public int Quarantined { get; }

    /// <summary>
    /// Creates the directory and takes its lock (<see cref="InboxLock"/>), then opens the rest; the
    /// lock is released again when opening fails.
    /// </summary>
    public static FileInboxParts Open(string directory, FileRefAssuredInboxOptions options, DeliveryScheduler scheduler, TimeProvider timeProvider)
    {
        PrivateFiles.CreateDirectory(directory);
        var inboxLock = InboxLock.Acquire(directory);
        try
        {
            return OpenLocked(inboxLock, directory, options, scheduler, timeProvider);
        }
        catch
        {
            inboxLock.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Stops retention, waits for queued writes to reach the disk, closes the log and the audit
    /// trail, and releases the directory's lock last.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            Retention.Dispose();
            await Log.DisposeAsync().ConfigureAwait(false);
            Audit.Dispose();
        }
        finally
        {
            _lock.Dispose();
        }
    }

    /// <summary>
    /// Creates the directories, owner-only (an inbox whose files have wider modes has them
    /// tightened), recovers the stored deliveries into <paramref name="scheduler"/> and opens the log.
    /// </summary>
    private static FileInboxParts OpenLocked(InboxLock inboxLock, string directory, FileRefAssuredInboxOptions options, DeliveryScheduler scheduler, TimeProvider timeProvider)
    {
        var segments = PrivateFiles.CreateDirectory(Path.Combine(directory, "segments"));
        var quarantine = PrivateFiles.CreateDirectory(Path.Combine(directory, "quarantine"));
        var audit = PrivateFiles.CreateDirectory(Path.Combine(directory, "audit"));
        PrivateFiles.TightenTree(directory);

        var recovered = new RecoveryScanner(segments, quarantine, MemoryBodyLimit, options.Observer, timeProvider).Scan();
        scheduler.Restore(recovered.Entries);

        // A segment spans at most the body retention, between a minute and an hour, so that
        // retention can remove a segment soon after its newest body is due to go.
        var bodyRetention = options.CompletedBodyRetention ?? options.Retention;
        var segmentAge = TimeSpan.FromTicks(Math.Clamp(bodyRetention.Ticks, TimeSpan.FromMinutes(1).Ticks, TimeSpan.FromHours(1).Ticks));
        var log = new SegmentLog(segments, recovered.Segments, options.SegmentSize, segmentAge, timeProvider);
        var trail = new AuditTrail(audit, options.Observer, timeProvider);
        var parts = new FileInboxParts(inboxLock, log, trail, scheduler, options, timeProvider, directory, recovered.Quarantined);
        parts.Quota.MeasureOtherFiles();
        parts.Retention.Start();
        return parts;
    }
}

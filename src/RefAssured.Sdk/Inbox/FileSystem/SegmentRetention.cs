namespace RefAssured.Sdk.Hosting;

/// <summary>
/// Applies retention: prunes the audit trail past its retention; removes dead letters older than
/// the dead-letter retention (an <c>expired</c> audit entry stays) and quarantined bytes as old;
/// and removes log segments whose newest record is older than the body retention, oldest first.
/// Deliveries still stored in such a segment (waiting, in flight or dead letters) are first
/// rewritten whole into the active segment as snapshot records, so removing a segment never
/// loses one. Runs every minute once started; a failure is reported to the observer and the
/// next run tries again.
/// </summary>
internal sealed class SegmentRetention(
    SegmentLog log,
    DeliveryScheduler scheduler,
    AuditTrail audit,
    FileDeadLetters deadLetters,
    QuarantineStore quarantine,
    InboxQuota quota,
    FileRefAssuredInboxOptions options,
    TimeProvider timeProvider) : IDisposable
{
    // One run at a time: a timer tick while one runs is skipped; a call waits for it, then runs.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ITimer? _timer;

    private TimeSpan BodyRetention => options.CompletedBodyRetention ?? options.Retention;

    public void Start() =>
        _timer = timeProvider.CreateTimer(_ => _ = RunQuietlyAsync(), null, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));

    // The gate is not disposed: a run may still hold it, and it never allocates a wait handle.
    public void Dispose() => _timer?.Dispose();

    /// <summary>Runs once, after the run in progress if there is one.</summary>
    public async Task RunAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        await RunHoldingGateAsync().ConfigureAwait(false);
    }

    private async Task RunHoldingGateAsync()
    {
        try
        {
            var now = timeProvider.GetUtcNow();
            audit.Prune(now - options.Retention);
            await ExpireDeadLettersAsync(now - options.DeadLetterRetention).ConfigureAwait(false);
            quarantine.Prune(now - options.DeadLetterRetention);
            foreach (var segment in log.SegmentsWrittenBefore(now - BodyRetention))
            {
                await CarryOverAsync(segment).ConfigureAwait(false);
                log.DeleteSegment(segment);
            }
        }
        finally
        {
            try
            {
                quota.MeasureOtherFiles();
            }
            finally
            {
                _gate.Release();
            }
        }
    }

    private async Task RunQuietlyAsync()
    {
        if (!await _gate.WaitAsync(0).ConfigureAwait(false))
        {
            return;
        }

        try
        {
            await RunHoldingGateAsync().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Retention runs again in a minute; its failure is reported, never fatal.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            options.Observer.SafeNotify(ex, static (o, e) => o.InboxFailed("maintain", e));
        }
    }

    // Written as purges, so that they are not carried over; their bodies go with their segments.
    private async Task ExpireDeadLettersAsync(DateTimeOffset cutoff)
    {
        var expired = scheduler.Read(entries => entries.Values
            .Where(e => e.State == RefAssuredDeliveryState.DeadLettered && e.DeadLetteredAt < cutoff)
            .Select(e => e.Id)
            .ToList());
        foreach (var id in expired)
        {
            await deadLetters.ExpireAsync(id).ConfigureAwait(false);
        }
    }

    private async Task CarryOverAsync(long segment)
    {
        var stored = scheduler.Read(entries => entries.Values.Where(e => e.Location.Segment == segment).Select(e => (Entry: e, e.BodyOnDisk, e.Delivery.Body, e.Location)).ToList());
        foreach (var (entry, onDisk, heldBody, location) in stored)
        {
            var body = onDisk ? log.ReadBody(location) : heldBody;
            Task<RecordLocation>? write = null;

            // Composed and queued under the scheduler's lock, so that no record about this delivery comes in between.
            scheduler.TryUpdate(entry, e =>
            {
                if (e.Location.Segment == segment)
                {
                    write = log.WriteAsync(RecordKind.Snapshot, RecordCodec.EncodeDelivery(e.Delivery, body.Length, snapshot: e), body);
                }
            });

            if (write is not null)
            {
                var moved = await write.ConfigureAwait(false);
                scheduler.TryUpdate(entry, e => e.Location = moved);
            }
        }
    }
}

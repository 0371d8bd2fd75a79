namespace RefAssured.Sdk.Hosting;

public sealed partial class FileRefAssuredInbox
{
    private int _maintaining;

    /// <summary>
    /// Prunes the audit trail past <see cref="FileRefAssuredInboxOptions.Retention"/> and removes
    /// log segments whose newest record is older than the body retention, oldest first; deliveries
    /// still waiting in such a segment are first rewritten whole into the active one. Runs every
    /// minute on its own.
    /// </summary>
    internal async Task MaintainAsync()
    {
        if (_log is not { } log || _disposed || Interlocked.Exchange(ref _maintaining, 1) == 1)
        {
            return;
        }

        try
        {
            var now = _timeProvider.GetUtcNow();
            PruneAudit(now);
            while (!_disposed)
            {
                long oldest;
                lock (_lock)
                {
                    if (_segments.Count == 0)
                    {
                        return;
                    }

                    oldest = _segments.Keys.Min();
                    if (oldest >= log.ActiveSegment || _segments[oldest] + BodyRetention > now)
                    {
                        return;
                    }
                }

                await CarryOverAsync(log, oldest, now).ConfigureAwait(false);
                File.Delete(SegmentLog.SegmentPath(SegmentsDirectory, oldest));
                DirectorySync.Flush(SegmentsDirectory);
                lock (_lock)
                {
                    _segments.Remove(oldest);
                }
            }
        }
        finally
        {
            Volatile.Write(ref _maintaining, 0);
        }
    }

    // Rewrites every delivery still waiting in a segment into the active one, as one snapshot record each.
    private async Task CarryOverAsync(SegmentLog log, long segment, DateTimeOffset now)
    {
        List<InboxItem> live;
        lock (_lock)
        {
            live = _items.Values.Where(i => i.Location.Segment == segment).ToList();
        }

        foreach (var item in live)
        {
            // Read under the lock: a large body kept for its first hand-out is let go when handed out.
            ReadOnlyMemory<byte>? held;
            lock (_lock)
            {
                held = item.Body;
            }

            var body = held ?? ReadBody(item.Location);
            Task<RecordLocation> write;
            lock (_lock)
            {
                // Composed and queued under the lock, so no record about this delivery can slip in between.
                if (!_items.TryGetValue(item.Id, out var current) || current != item || item.Location.Segment != segment)
                {
                    continue;
                }

                write = log.WriteAsync(RecordKind.Snapshot, RecordCodec.EncodeDelivery(item, body.Length, snapshot: true), body);
            }

            var location = await write.ConfigureAwait(false);
            lock (_lock)
            {
                if (item.Location.Segment == segment)
                {
                    item.Location = location;
                }

                Touch(location.Segment, now);
            }
        }
    }

    private void PruneAudit(DateTimeOffset now)
    {
        var cutoff = (now - _options.Retention).UtcDateTime.Date;
        foreach (var path in System.IO.Directory.EnumerateFiles(AuditDirectory, "*.jsonl"))
        {
            if (DateTime.TryParseExact(Path.GetFileNameWithoutExtension(path), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal, out var day) &&
                day < cutoff)
            {
                File.Delete(path);
            }
        }
    }

    private async Task MaintainQuietlyAsync()
    {
        try
        {
            await MaintainAsync().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Maintenance runs again in a minute; its failure is reported, never fatal.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _options.Observer.SafeNotify(o => o.InboxFailed("maintain", ex));
        }
    }
}

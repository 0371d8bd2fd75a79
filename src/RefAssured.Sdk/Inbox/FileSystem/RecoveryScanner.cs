using System.Globalization;

namespace RefAssured.Sdk.Hosting;

/// <summary>
/// Rebuilds the inbox's state when it opens: reads every segment, oldest first, and applies its
/// records in order, streaming (see <see cref="SegmentReader"/>), so a segment of any size can be
/// read. Bytes that are not a valid record are set aside (see <see cref="QuarantineStore"/>) and
/// skipped, so that damage never hides the records after it.
/// A torn tail of the last segment (the batch being written when the process stopped, never
/// acknowledged) is also cut off the segment once quarantined, so the next start does not report it again.
/// </summary>
internal sealed class RecoveryScanner(string segmentsDirectory, string quarantineDirectory, int memoryBodyLimit, RefAssuredObserver? observer, TimeProvider timeProvider)
{
    private readonly Dictionary<string, DeliveryEntry> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<long, DateTimeOffset> _segments = [];
    private readonly QuarantineStore _quarantine = new(quarantineDirectory, observer, timeProvider);

    /// <summary>Scans the segments; call once.</summary>
    /// <returns>The deliveries not completed, the segments with their newest record's time, and how many byte ranges were quarantined.</returns>
    public RecoveredState Scan()
    {
        var segments = new List<long>();
        foreach (var path in Directory.EnumerateFiles(segmentsDirectory, "*.log"))
        {
            var name = Path.GetFileNameWithoutExtension(path);
            if (long.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var segment))
            {
                segments.Add(segment);
            }
        }

        segments.Sort();
        foreach (var segment in segments)
        {
            ScanSegment(segment, isLast: segment == segments[^1]);
        }

        return new RecoveredState(_entries.Values.ToList(), _segments, _quarantine.Count);
    }

    private void ScanSegment(long segment, bool isLast)
    {
        var path = SegmentLog.SegmentPath(segmentsDirectory, segment);
        var latest = DateTimeOffset.MinValue;
        var end = -1L;
        using (var reader = new SegmentReader(File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite)))
        {
            var position = 0L;
            while (position < reader.Length)
            {
                if (!reader.TryRead(position, out var record))
                {
                    var next = reader.FindNext(position + 1);
                    var tail = next == reader.Length;
                    _quarantine.Add(segment, reader, position, next, tail ? "a torn or damaged tail" : "damaged bytes between records");
                    end = tail ? position : end;
                    position = next;
                    continue;
                }

                try
                {
                    var at = Apply(record, new RecordLocation(segment, position), reader);
                    latest = at > latest ? at : latest;
                }
                catch (FormatException ex)
                {
                    _quarantine.Add(segment, reader, position, position + record.Size, "a record that does not decode: " + ex.Message);
                }

                position += record.Size;
            }
        }

        _segments[segment] = latest == DateTimeOffset.MinValue ? timeProvider.GetUtcNow() : latest;
        if (isLast && end >= 0)
        {
            CutOff(segment, end);
        }
    }

    // Applies one record and returns the time it carries.
    private DateTimeOffset Apply(SegmentRecord record, RecordLocation location, SegmentReader reader)
    {
        var kind = record.Kind;
        var payload = record.Payload;
        switch (kind)
        {
            case RecordKind.Append or RecordKind.Snapshot:
                var entry = RecordDecoder.DecodeDelivery(payload, record.PayloadLength, kind == RecordKind.Snapshot, out var bodyOffset, out var bodyLength);
                entry.Location = location;
                entry.BodyOnDisk = bodyLength > memoryBodyLimit;
                if (!entry.BodyOnDisk)
                {
                    entry.Delivery = entry.Delivery with { Body = ReadSmallBody(record, location, bodyOffset, bodyLength, reader) };
                }

                _entries[entry.Id] = entry;
                return entry.Delivery.ReceivedAt;
            case RecordKind.Fail:
                var fail = RecordDecoder.DecodeFail(payload);
                if (_entries.TryGetValue(fail.Id, out var failed))
                {
                    failed.Delivery = failed.Delivery with { Attempt = fail.Attempt, CompletedHandlers = fail.CompletedHandlers };
                    failed.LastError = fail.Error;
                    failed.RetryAt = fail.RetryAt;
                    failed.State = fail.RetryAt is null ? RefAssuredDeliveryState.DeadLettered : RefAssuredDeliveryState.RetryScheduled;
                    failed.DeadLetteredAt = fail.RetryAt is null ? fail.At : null;
                }

                return fail.At;

            default:
                var (id, at) = RecordDecoder.DecodeMark(payload);
                if (kind == RecordKind.Replay && _entries.TryGetValue(id, out var replayed))
                {
                    replayed.State = RefAssuredDeliveryState.Pending;
                    replayed.Delivery = replayed.Delivery with { Attempt = 1 };
                    replayed.RetryAt = null;
                    replayed.DeadLetteredAt = null;
                }
                else if (kind is RecordKind.Complete or RecordKind.Purge)
                {
                    _entries.Remove(id);
                }

                return at;
        }
    }

    // A body held in memory is within the record read, unless the fields before it are unusually long.
    private static byte[] ReadSmallBody(SegmentRecord record, RecordLocation location, int bodyOffset, int bodyLength, SegmentReader reader)
    {
        if (bodyOffset + bodyLength <= record.Payload.Length)
        {
            return record.Payload.AsSpan(bodyOffset, bodyLength).ToArray();
        }

        var body = new byte[bodyLength];
        if (!reader.ReadExactly(body, location.Offset + RecordCodec.HeaderSize + bodyOffset))
        {
            throw new FormatException("A delivery record ends early.");
        }

        return body;
    }

    // Cuts the torn tail off the last segment, now that its bytes are in quarantine. A failure here only costs that space.
    private void CutOff(long segment, long end)
    {
        try
        {
            using var handle = File.OpenHandle(SegmentLog.SegmentPath(segmentsDirectory, segment), FileMode.Open, FileAccess.ReadWrite);
            RandomAccess.SetLength(handle, end);
            RandomAccess.FlushToDisk(handle);
        }
#pragma warning disable CA1031 // Only space is at stake; recovery goes on.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}

/// <summary>What <see cref="RecoveryScanner"/> found.</summary>
/// <param name="Entries">The deliveries not completed, in their recorded state.</param>
/// <param name="Segments">The segment numbers, each with the time of its newest record.</param>
/// <param name="Quarantined">How many damaged byte ranges were set aside.</param>
internal sealed record RecoveredState(IReadOnlyList<DeliveryEntry> Entries, IReadOnlyDictionary<long, DateTimeOffset> Segments, int Quarantined);

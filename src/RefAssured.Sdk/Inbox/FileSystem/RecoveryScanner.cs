using System.Globalization;
using System.Text;

namespace RefAssured.Sdk.Hosting;

/// <summary>
/// Rebuilds the inbox's state when it opens: reads every segment, oldest first, and applies its
/// records in order. Bytes that are not a valid record are copied to the quarantine directory,
/// logged in <c>quarantine.log</c> and skipped, so that damage never hides the records after it.
/// A torn tail of the last segment (the batch being written when the process stopped, never
/// acknowledged) is also cut off the segment once quarantined, so the next start does not report it again.
/// </summary>
internal sealed class RecoveryScanner(string segmentsDirectory, string quarantineDirectory, int memoryBodyLimit, RefAssuredObserver? observer, TimeProvider timeProvider)
{
    private readonly Dictionary<string, DeliveryEntry> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<long, DateTimeOffset> _segments = [];
    private int _quarantined;

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

        return new RecoveredState(_entries.Values.ToList(), _segments, _quarantined);
    }

    private void ScanSegment(long segment, bool isLast)
    {
        var data = File.ReadAllBytes(SegmentLog.SegmentPath(segmentsDirectory, segment));
        var latest = DateTimeOffset.MinValue;
        var position = 0;
        var end = -1;
        while (position < data.Length)
        {
            if (!TryReadRecord(data, position, out var kind, out var payload))
            {
                var next = FindNextRecord(data, position + 1);
                var tail = next == data.Length;
                Quarantine(segment, position, data.AsSpan(position, next - position), tail ? "a torn or damaged tail" : "damaged bytes between records");
                end = tail ? position : end;
                position = next;
                continue;
            }

            try
            {
                var at = Apply(kind, payload, new RecordLocation(segment, position), data);
                latest = at > latest ? at : latest;
            }
            catch (FormatException ex)
            {
                Quarantine(segment, position, data.AsSpan(position, RecordCodec.HeaderSize + payload.Length), "a record that does not decode: " + ex.Message);
            }

            position += RecordCodec.HeaderSize + payload.Length;
        }

        _segments[segment] = latest == DateTimeOffset.MinValue ? timeProvider.GetUtcNow() : latest;
        if (isLast && end >= 0)
        {
            CutOff(segment, end);
        }
    }

    // Applies one record and returns the time it carries.
    private DateTimeOffset Apply(RecordKind kind, ReadOnlySpan<byte> payload, RecordLocation location, byte[] segment)
    {
        switch (kind)
        {
            case RecordKind.Append or RecordKind.Snapshot:
                var entry = RecordDecoder.DecodeDelivery(payload, kind == RecordKind.Snapshot, out var bodyOffset, out var bodyLength);
                entry.Location = location;
                entry.BodyOnDisk = bodyLength > memoryBodyLimit;
                if (!entry.BodyOnDisk)
                {
                    var start = (int)location.Offset + RecordCodec.HeaderSize + bodyOffset;
                    entry.Delivery = entry.Delivery with { Body = segment.AsSpan(start, bodyLength).ToArray() };
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

    private static bool TryReadRecord(byte[] data, int position, out RecordKind kind, out ReadOnlySpan<byte> payload)
    {
        payload = default;
        if (!RecordCodec.TryReadHeader(data.AsSpan(position), out kind, out var length, out var crc) ||
            length > data.Length - position - RecordCodec.HeaderSize)
        {
            return false;
        }

        payload = data.AsSpan(position + RecordCodec.HeaderSize, length);
        return Crc32C.Compute(payload) == crc;
    }

    // The next offset where a whole, valid record starts, or the end of the data.
    private static int FindNextRecord(byte[] data, int from)
    {
        var position = from;
        while (position < data.Length)
        {
            var found = data.AsSpan(position).IndexOf(RecordCodec.Magic);
            if (found < 0)
            {
                return data.Length;
            }

            position += found;
            if (TryReadRecord(data, position, out _, out _))
            {
                return position;
            }

            position++;
        }

        return data.Length;
    }

    private void Quarantine(long segment, int offset, ReadOnlySpan<byte> bytes, string reason)
    {
        _quarantined++;
        var name = string.Create(CultureInfo.InvariantCulture, $"{segment:D12}-{offset:D12}.bin");
        var path = Path.Combine(quarantineDirectory, name);
        var message = string.Create(CultureInfo.InvariantCulture, $"Segment {segment} holds {bytes.Length} bytes at offset {offset} that are not a valid record ({reason}); they were copied to quarantine/{name} and skipped.");
        if (!File.Exists(path))
        {
            File.WriteAllBytes(path, bytes.ToArray());
            var line = string.Create(CultureInfo.InvariantCulture, $"{timeProvider.GetUtcNow():O} {message}\n");
            File.AppendAllText(Path.Combine(quarantineDirectory, "quarantine.log"), line, Encoding.UTF8);
        }

        observer.SafeNotify(message, static (o, m) => o.InboxFailed("recover", new InvalidDataException(m)));
    }

    // Cuts the torn tail off the last segment, now that its bytes are in quarantine. A failure here only costs that space.
    private void CutOff(long segment, int end)
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

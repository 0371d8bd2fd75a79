using System.Globalization;
using System.Text;

namespace RefAssured.Sdk.Hosting;

public sealed partial class FileRefAssuredInbox
{
    // Replays every segment, oldest first, into the in-memory index; returns the next segment number.
    private long Recover()
    {
        System.IO.Directory.CreateDirectory(SegmentsDirectory);
        System.IO.Directory.CreateDirectory(QuarantineDirectory);
        System.IO.Directory.CreateDirectory(AuditDirectory);

        var segments = new List<long>();
        foreach (var path in System.IO.Directory.EnumerateFiles(SegmentsDirectory))
        {
            var name = Path.GetFileName(path);
            if (name.EndsWith(".log", StringComparison.Ordinal) && long.TryParse(name[..^4], NumberStyles.None, CultureInfo.InvariantCulture, out var segment))
            {
                segments.Add(segment);
            }
        }

        segments.Sort();
        foreach (var segment in segments)
        {
            var end = ScanSegment(segment, out var length);
            if (end < length && segment == segments[^1])
            {
                CutAfterRecords(segment, end);
            }
        }

        foreach (var item in _items.Values.Where(i => i.State == RefAssuredDeliveryState.InFlight))
        {
            item.State = RefAssuredDeliveryState.Pending;
        }

        return segments.Count == 0 ? 1 : segments[^1] + 1;
    }

    // Reads one segment into the index and returns where its records end: before a torn or
    // damaged tail, which is quarantined; the unused runway after them (see SegmentLog) is free
    // space, not damage.
    private int ScanSegment(long segment, out int length)
    {
        var data = File.ReadAllBytes(SegmentLog.SegmentPath(SegmentsDirectory, segment));
        length = data.Length;
        var free = SegmentLog.FreeSpaceStart(data);
        var latest = DateTimeOffset.MinValue;
        var position = 0;
        var tail = -1;
        while (position < free)
        {
            if (!TryReadRecord(data, position, out var kind, out var payload))
            {
                var next = Math.Min(FindNextRecord(data, position + 1), free);
                Quarantine(segment, position, data.AsSpan(position, next - position), next == free ? "a torn or damaged tail" : "damaged bytes between records");
                tail = next == free ? position : tail;
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

        _segments[segment] = latest == DateTimeOffset.MinValue ? _timeProvider.GetUtcNow() : latest;
        return tail >= 0 ? tail : position;
    }

    // The last segment may have been the one being written when the process stopped; its runway
    // is cut off so that it does not hold the space, and so is a torn tail, the record being
    // written then (never acknowledged: that waits for the whole batch to be flushed), now that
    // its bytes are in quarantine: the next start does not report it again. A failure here only
    // costs that space.
    private void CutAfterRecords(long segment, int end)
    {
        try
        {
            using var handle = File.OpenHandle(SegmentLog.SegmentPath(SegmentsDirectory, segment), FileMode.Open, FileAccess.ReadWrite);
            RandomAccess.SetLength(handle, end);
        }
#pragma warning disable CA1031 // Only space is at stake; recovery goes on.
        catch (Exception)
#pragma warning restore CA1031
        {
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

    // Applies one record to the index and returns the time it carries.
    private DateTimeOffset Apply(RecordKind kind, ReadOnlySpan<byte> payload, RecordLocation location, byte[] segmentData)
    {
        switch (kind)
        {
            case RecordKind.Append or RecordKind.Snapshot:
                var item = RecordDecoder.DecodeDelivery(payload, kind == RecordKind.Snapshot, location, out var bodyOffset, out var bodyLength);
                if (bodyLength <= InMemoryBodyLimit)
                {
                    var start = (int)location.Offset + RecordCodec.HeaderSize + bodyOffset;
                    item.Body = segmentData.AsSpan(start, bodyLength).ToArray();
                }

                if (_items.Remove(item.Id, out var replaced))
                {
                    replaced.Timer?.Dispose();
                }

                _items[item.Id] = item;
                return item.ReceivedAt;

            case RecordKind.Fail:
                var fail = RecordDecoder.DecodeFail(payload);
                if (_items.TryGetValue(fail.Id, out var failed))
                {
                    failed.Attempt = fail.Attempt;
                    failed.LastError = fail.Error;
                    failed.CompletedHandlers = fail.CompletedHandlers;
                    failed.RetryAt = fail.RetryAt;
                    failed.State = fail.RetryAt is null ? RefAssuredDeliveryState.DeadLettered : RefAssuredDeliveryState.RetryScheduled;
                    failed.DeadLetteredAt = fail.RetryAt is null ? fail.At : null;
                }

                return fail.At;

            default:
                var (id, at) = RecordDecoder.DecodeMark(payload);
                if (kind == RecordKind.Replay && _items.TryGetValue(id, out var replayed))
                {
                    replayed.State = RefAssuredDeliveryState.Pending;
                    replayed.Attempt = 1;
                    replayed.RetryAt = null;
                }
                else if (kind is RecordKind.Complete or RecordKind.Purge)
                {
                    _items.Remove(id);
                }

                return at;
        }
    }

    private void Quarantine(long segment, int offset, ReadOnlySpan<byte> bytes, string reason)
    {
        _quarantined++;
        var name = string.Create(CultureInfo.InvariantCulture, $"{segment:D12}-{offset:D12}.bin");
        var path = Path.Combine(QuarantineDirectory, name);
        var message = string.Create(CultureInfo.InvariantCulture, $"Segment {segment} holds {bytes.Length} bytes at offset {offset} that are not a valid record ({reason}); they were copied to quarantine/{name} and skipped.");
        if (!File.Exists(path))
        {
            File.WriteAllBytes(path, bytes.ToArray());
            var line = string.Create(CultureInfo.InvariantCulture, $"{_timeProvider.GetUtcNow():O} {message}\n");
            File.AppendAllText(Path.Combine(QuarantineDirectory, "quarantine.log"), line, Encoding.UTF8);
        }

        _options.Observer.SafeNotify(o => o.InboxFailed("recover", new InvalidDataException(message)));
    }

    // Hands recovered deliveries to the worker: pending ones now, oldest first; retries at their time.
    private void ScheduleRecovered()
    {
        lock (_lock)
        {
            foreach (var item in _items.Values.OrderBy(i => i.ReceivedAt))
            {
                if (item.State == RefAssuredDeliveryState.Pending)
                {
                    _ready.Writer.TryWrite(item.Id);
                }
                else if (item.State == RefAssuredDeliveryState.RetryScheduled)
                {
                    ScheduleRetry(item);
                }
            }
        }
    }
}

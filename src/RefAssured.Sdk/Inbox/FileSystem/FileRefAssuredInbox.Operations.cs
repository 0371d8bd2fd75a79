using System.Runtime.CompilerServices;

namespace RefAssured.Sdk.Hosting;

public sealed partial class FileRefAssuredInbox
{
    /// <inheritdoc />
    /// <remarks>Returns once the delivery is flushed to disk. Cancellation counts only until the write is queued.</remarks>
    public async ValueTask AppendAsync(RefAssuredDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        if (delivery.DeliveryId.Length is 0 or > 200)
        {
            throw new ArgumentException("A delivery id must be 1 to 200 characters.", nameof(delivery));
        }

        var log = await EnsureOpenAsync(cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        var item = new InboxItem
        {
            Id = delivery.DeliveryId,
            EventType = delivery.EventType,
            ReceivedAt = delivery.ReceivedAt,
            TraceParent = delivery.TraceParent,
            RouteValues = delivery.RouteValues,
            CompletedHandlers = delivery.CompletedHandlers,
            Attempt = delivery.Attempt,
            // Typed explicitly: a bare null would turn into an empty ReadOnlyMemory through byte[], not into "no body".
            Body = delivery.Body.Length <= InMemoryBodyLimit ? delivery.Body : (ReadOnlyMemory<byte>?)null,
        };

        Task<RecordLocation> write;
        lock (_lock)
        {
            if (!_items.TryAdd(item.Id, item))
            {
                throw new ArgumentException($"A delivery with id '{delivery.DeliveryId}' is already stored.", nameof(delivery));
            }

            if (delivery.Body.Length > InMemoryBodyLimit && _largeBodyBytes + delivery.Body.Length <= _options.LargeBodyMemoryLimit)
            {
                item.Body = delivery.Body;
                _largeBodyBytes += delivery.Body.Length;
            }

            // Only with a body kept in memory: a report's content refers to the body's bytes.
            if (delivery.ParsedEvent is { } parsed && item.Body is not null && _parsedEvents < ParsedEventLimit)
            {
                item.ParsedEvent = parsed;
                _parsedEvents++;
            }

            // Not handed out before it is on disk: an event is never handled unless it was stored.
            item.State = RefAssuredDeliveryState.InFlight;
            write = log.WriteAsync(RecordKind.Append, RecordCodec.EncodeDelivery(item, delivery.Body.Length, snapshot: false), delivery.Body);
        }

        RecordLocation location;
        try
        {
            location = await write.ConfigureAwait(false);
        }
        catch
        {
            lock (_lock)
            {
                _items.Remove(item.Id);
                ReleaseHeld(item);
            }

            throw;
        }

        lock (_lock)
        {
            item.Location = location;
            item.State = RefAssuredDeliveryState.Pending;
            Touch(location.Segment, delivery.ReceivedAt);
        }

        _ready.Writer.TryWrite(item.Id);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<RefAssuredDelivery> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await EnsureOpenAsync(cancellationToken).ConfigureAwait(false);
        while (await _ready.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (_ready.Reader.TryRead(out var id))
            {
                InboxItem? item;
                lock (_lock)
                {
                    if (!_items.TryGetValue(id, out item) || item.State != RefAssuredDeliveryState.Pending)
                    {
                        continue;
                    }

                    item.State = RefAssuredDeliveryState.InFlight;
                }

                var delivery = await ToDeliveryAsync(item).ConfigureAwait(false);
                if (delivery is not null)
                {
                    yield return delivery;
                }
            }
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Returns once the completion is queued for the log, without waiting for it to be written:
    /// the worker's slot is free for the next delivery meanwhile. The log writes it at once and
    /// flushes it with the next delivery's append (or when the segment closes), so a delivery
    /// costs one flush. Should the process die before the completion is written, or the machine
    /// lose power before it is flushed, the delivery is handed out again after the restart, which
    /// the at-least-once rule allows. A completion that cannot be written is reported to the
    /// observer as a failed <c>complete</c> operation, with the same consequence.
    /// </remarks>
    public async ValueTask CompleteAsync(RefAssuredDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var log = await EnsureOpenAsync(cancellationToken).ConfigureAwait(false);
        var now = _timeProvider.GetUtcNow();
        lock (_lock)
        {
            if (!_items.Remove(delivery.DeliveryId, out var item))
            {
                return;
            }

            item.Timer?.Dispose();
            ReleaseHeld(item);
        }

        // The handlers did succeed, so the audit trail says so; were the completion lost in a
        // crash, the delivery would be handled, and audited, once more. The entry is queued
        // before the record, so the log's writer puts it in the audit file first.
        Audit(delivery, "completed", delivery.Attempt, error: null, writeNow: false);
        log.Post(RecordKind.Complete, RecordCodec.EncodeMark(delivery.DeliveryId, now));
    }

    /// <inheritdoc />
    public async ValueTask FailAsync(RefAssuredDelivery delivery, RefAssuredDeliveryFailure failure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentNullException.ThrowIfNull(failure);
        var log = await EnsureOpenAsync(cancellationToken).ConfigureAwait(false);
        var now = _timeProvider.GetUtcNow();
        if (failure.IsDeadLetter && IsStored(delivery.DeliveryId))
        {
            // Audited before the dead letter can be seen, so that a replay or a purge of it is
            // always audited after it. Were the record lost in a crash, the delivery would be
            // handed out again, and dead-lettered and audited once more.
            Audit(delivery, "dead-lettered", delivery.Attempt, failure.Error);
        }

        Task<RecordLocation> write;
        lock (_lock)
        {
            if (!_items.TryGetValue(delivery.DeliveryId, out var item))
            {
                return;
            }

            item.Attempt = delivery.Attempt;
            item.LastError = failure.Error;
            item.CompletedHandlers = failure.CompletedHandlers;
            item.RetryAt = failure.RetryAt;
            item.State = failure.RetryAt is null ? RefAssuredDeliveryState.DeadLettered : RefAssuredDeliveryState.RetryScheduled;
            item.DeadLetteredAt = failure.RetryAt is null ? now : null;
            write = log.WriteAsync(RecordKind.Fail, RecordCodec.EncodeFail(item.Id, item.Attempt, now, failure.RetryAt, failure.Error, failure.CompletedHandlers));
            if (failure.RetryAt is not null)
            {
                ScheduleRetry(item);
            }
        }

        Touch((await write.ConfigureAwait(false)).Segment, now);
    }

    private bool IsStored(string deliveryId)
    {
        lock (_lock)
        {
            return _items.ContainsKey(deliveryId);
        }
    }

    /// <inheritdoc />
    public ValueTask ReleaseAsync(RefAssuredDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        lock (_lock)
        {
            if (!_items.TryGetValue(delivery.DeliveryId, out var item) || item.State != RefAssuredDeliveryState.InFlight)
            {
                return ValueTask.CompletedTask;
            }

            // Kept in memory only: after a crash every handler may run again, which at-least-once allows.
            item.State = RefAssuredDeliveryState.Pending;
            item.CompletedHandlers = delivery.CompletedHandlers;
        }

        _ready.Writer.TryWrite(delivery.DeliveryId);
        return ValueTask.CompletedTask;
    }

    // Called under _lock.
    private void ScheduleRetry(InboxItem item)
    {
        var due = (item.RetryAt ?? _timeProvider.GetUtcNow()) - _timeProvider.GetUtcNow();
        item.Timer?.Dispose();
        item.Timer = _timeProvider.CreateTimer(_ => MakeDue(item.Id), null, due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan);
    }

    private void MakeDue(string id)
    {
        lock (_lock)
        {
            if (!_items.TryGetValue(id, out var item) || item.State != RefAssuredDeliveryState.RetryScheduled)
            {
                return;
            }

            item.State = RefAssuredDeliveryState.Pending;
            item.RetryAt = null;
            item.Timer?.Dispose();
            item.Timer = null;
            item.Attempt++;
        }

        _ready.Writer.TryWrite(id);
    }

    // Called under _lock or from the single writer's completions.
    private void Touch(long segment, DateTimeOffset at)
    {
        lock (_lock)
        {
            if (!_segments.TryGetValue(segment, out var latest) || at > latest)
            {
                _segments[segment] = at;
            }
        }
    }

    private async ValueTask<RefAssuredDelivery?> ToDeliveryAsync(InboxItem item)
    {
        ReadOnlyMemory<byte> body;
        try
        {
            body = item.Body ?? ReadBody(item.Location);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or FormatException or UnauthorizedAccessException)
        {
            // The record was whole when recovered or written; losing it since is a disk fault worth a dead letter.
            var delivery = Delivery(item, ReadOnlyMemory<byte>.Empty);
            await RecordAsync("fail", () => FailAsync(delivery, new RefAssuredDeliveryFailure($"The stored body could not be read back: {ex.Message}", null), CancellationToken.None)).ConfigureAwait(false);
            return null;
        }

        lock (_lock)
        {
            return Delivery(item, body, ReleaseHeld(item));
        }
    }

    // Called under _lock when a delivery is handed out or leaves the inbox: what was kept only for
    // its first hand-out goes, and its share of the limits with it. A large body (only such bodies
    // are held past InMemoryBodyLimit) is now the worker's to hold; the parsed event is returned
    // for the hand-out, and retries parse again.
    private RefAssuredEvent? ReleaseHeld(InboxItem item)
    {
        if (item.Body is { Length: > InMemoryBodyLimit } body)
        {
            _largeBodyBytes -= body.Length;
            item.Body = null;
        }

        var parsed = item.ParsedEvent;
        if (parsed is not null)
        {
            item.ParsedEvent = null;
            _parsedEvents--;
        }

        return parsed;
    }

    private static RefAssuredDelivery Delivery(InboxItem item, ReadOnlyMemory<byte> body, RefAssuredEvent? parsed = null) =>
        new(item.Id, item.EventType, item.ReceivedAt, body)
        {
            Attempt = item.Attempt,
            RouteValues = item.RouteValues,
            TraceParent = item.TraceParent,
            CompletedHandlers = item.CompletedHandlers,
            ParsedEvent = parsed,
        };

    private ReadOnlyMemory<byte> ReadBody(RecordLocation location)
    {
        using var handle = File.OpenHandle(SegmentLog.SegmentPath(SegmentsDirectory, location.Segment), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var header = new byte[RecordCodec.HeaderSize];
        if (RandomAccess.Read(handle, header, location.Offset) != header.Length ||
            !RecordCodec.TryReadHeader(header, out var kind, out var length, out var crc) ||
            kind is not (RecordKind.Append or RecordKind.Snapshot))
        {
            throw new InvalidDataException($"The record at offset {location.Offset} of segment {location.Segment} is damaged.");
        }

        var payload = GC.AllocateUninitializedArray<byte>(length);
        if (RandomAccess.Read(handle, payload, location.Offset + RecordCodec.HeaderSize) != length || Crc32C.Compute(payload) != crc)
        {
            throw new InvalidDataException($"The record at offset {location.Offset} of segment {location.Segment} is damaged.");
        }

        RecordDecoder.DecodeDelivery(payload, kind == RecordKind.Snapshot, location, out var bodyOffset, out var bodyLength);
        return payload.AsMemory(bodyOffset, bodyLength);
    }

    private async Task RecordAsync(string operation, Func<ValueTask> record)
    {
        try
        {
            await record().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Reported to the observer; the delivery stays stored.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _options.Observer.SafeNotify(o => o.InboxFailed(operation, ex));
        }
    }
}

namespace RefAssured.Sdk.Hosting;

public sealed partial class FileRefAssuredInbox
{
    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<RefAssuredDeadLetter>> ListDeadLettersAsync(CancellationToken cancellationToken = default)
    {
        await EnsureOpenAsync(cancellationToken).ConfigureAwait(false);
        List<InboxItem> items;
        lock (_lock)
        {
            items = _items.Values.Where(i => i.State == RefAssuredDeliveryState.DeadLettered).OrderBy(i => i.ReceivedAt).ToList();
        }

        var letters = new List<RefAssuredDeadLetter>(items.Count);
        foreach (var item in items)
        {
            letters.Add(ToDeadLetter(item));
        }

        return letters;
    }

    /// <inheritdoc />
    public async ValueTask<RefAssuredDeadLetter?> GetDeadLetterAsync(string deliveryId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deliveryId);
        await EnsureOpenAsync(cancellationToken).ConfigureAwait(false);
        InboxItem? item;
        lock (_lock)
        {
            if (!_items.TryGetValue(deliveryId, out item) || item.State != RefAssuredDeliveryState.DeadLettered)
            {
                return null;
            }
        }

        return ToDeadLetter(item);
    }

    /// <inheritdoc />
    public async ValueTask<bool> ReplayAsync(string deliveryId, CancellationToken cancellationToken = default)
    {
        if (await WriteDeadLetterRecordAsync(deliveryId, RecordKind.Replay, cancellationToken).ConfigureAwait(false) is not { } item)
        {
            return false;
        }

        // Audited before it can be handed out, so that the trail never shows its handling first.
        Audit(Delivery(item, default), "replayed", 1, error: null);
        lock (_lock)
        {
            item.State = RefAssuredDeliveryState.Pending;
            item.Attempt = 1;
            item.DeadLetteredAt = null;
        }

        _ready.Writer.TryWrite(deliveryId);
        return true;
    }

    /// <inheritdoc />
    public ValueTask<int> ReplayAllAsync(CancellationToken cancellationToken = default) =>
        DeadLetterBatches.ForEachAsync(this, ReplayAsync, cancellationToken);

    /// <inheritdoc />
    public async ValueTask<bool> PurgeAsync(string deliveryId, CancellationToken cancellationToken = default)
    {
        if (await WriteDeadLetterRecordAsync(deliveryId, RecordKind.Purge, cancellationToken).ConfigureAwait(false) is not { } item)
        {
            return false;
        }

        lock (_lock)
        {
            _items.Remove(deliveryId);
        }

        Audit(Delivery(item, default), "purged", item.Attempt, item.LastError);
        return true;
    }

    // Writes a replay or purge record for a dead letter and returns it, or null when there is no
    // such dead letter. While the record is written the delivery is in flight, so nothing else
    // acts on it; should the write fail, it is a dead letter again and the error goes to the caller.
    private async ValueTask<InboxItem?> WriteDeadLetterRecordAsync(string deliveryId, RecordKind kind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deliveryId);
        var log = await EnsureOpenAsync(cancellationToken).ConfigureAwait(false);
        var now = _timeProvider.GetUtcNow();
        Task<RecordLocation> write;
        InboxItem? item;
        lock (_lock)
        {
            if (!_items.TryGetValue(deliveryId, out item) || item.State != RefAssuredDeliveryState.DeadLettered)
            {
                return null;
            }

            item.State = RefAssuredDeliveryState.InFlight;
            write = log.WriteAsync(kind, RecordCodec.EncodeMark(deliveryId, now));
        }

        try
        {
            Touch((await write.ConfigureAwait(false)).Segment, now);
        }
        catch
        {
            lock (_lock)
            {
                item.State = RefAssuredDeliveryState.DeadLettered;
            }

            throw;
        }

        return item;
    }

    /// <inheritdoc />
    public ValueTask<int> PurgeAllAsync(CancellationToken cancellationToken = default) =>
        DeadLetterBatches.ForEachAsync(this, PurgeAsync, cancellationToken);

    /// <inheritdoc />
    public async ValueTask<RefAssuredInboxStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default)
    {
        await EnsureOpenAsync(cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            int pending = 0, inFlight = 0, retry = 0, dead = 0;
            DateTimeOffset? oldest = null;
            foreach (var item in _items.Values)
            {
                switch (item.State)
                {
                    case RefAssuredDeliveryState.Pending: pending++; break;
                    case RefAssuredDeliveryState.InFlight: inFlight++; break;
                    case RefAssuredDeliveryState.RetryScheduled: retry++; break;
                    default: dead++; continue;
                }

                oldest = oldest is null || item.ReceivedAt < oldest ? item.ReceivedAt : oldest;
            }

            return new RefAssuredInboxStatistics(pending, inFlight, retry, dead, oldest) { Quarantined = _quarantined };
        }
    }

    private RefAssuredDeadLetter ToDeadLetter(InboxItem item)
    {
        ReadOnlyMemory<byte> body;
        try
        {
            body = item.Body ?? ReadBody(item.Location);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or FormatException or UnauthorizedAccessException)
        {
            body = ReadOnlyMemory<byte>.Empty;
        }

        lock (_lock)
        {
            return new RefAssuredDeadLetter(Delivery(item, body), item.LastError ?? string.Empty, item.DeadLetteredAt ?? item.ReceivedAt);
        }
    }
}

namespace RefAssured.Sdk;

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
        ArgumentNullException.ThrowIfNull(deliveryId);
        var log = await EnsureOpenAsync(cancellationToken).ConfigureAwait(false);
        var now = _timeProvider.GetUtcNow();
        Task<RecordLocation> write;
        InboxItem? item;
        lock (_lock)
        {
            if (!_items.TryGetValue(deliveryId, out item) || item.State != RefAssuredDeliveryState.DeadLettered)
            {
                return false;
            }

            item.State = RefAssuredDeliveryState.InFlight;
            write = log.WriteAsync(RecordKind.Replay, RecordCodec.EncodeMark(deliveryId, now));
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

        lock (_lock)
        {
            item.State = RefAssuredDeliveryState.Pending;
            item.Attempt = 1;
            item.DeadLetteredAt = null;
        }

        _ready.Writer.TryWrite(deliveryId);
        Audit(Delivery(item, default), "replayed", 1, error: null);
        return true;
    }

    /// <inheritdoc />
    public ValueTask<int> ReplayAllAsync(CancellationToken cancellationToken = default) =>
        DeadLetterBatches.ForEachAsync(this, ReplayAsync, cancellationToken);

    /// <inheritdoc />
    public async ValueTask<bool> PurgeAsync(string deliveryId, CancellationToken cancellationToken = default)
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
                return false;
            }

            _items.Remove(deliveryId);
            write = log.WriteAsync(RecordKind.Purge, RecordCodec.EncodeMark(deliveryId, now));
        }

        Touch((await write.ConfigureAwait(false)).Segment, now);
        Audit(Delivery(item, default), "purged", item.Attempt, item.LastError);
        return true;
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

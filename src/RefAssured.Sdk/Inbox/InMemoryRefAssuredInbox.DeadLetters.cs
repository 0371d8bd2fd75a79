namespace RefAssured.Sdk.Hosting;

public sealed partial class InMemoryRefAssuredInbox
{
    /// <inheritdoc />
    public ValueTask<IReadOnlyList<RefAssuredDeadLetter>> ListDeadLettersAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            IReadOnlyList<RefAssuredDeadLetter> letters = _entries.Values
                .Where(e => e.State == RefAssuredDeliveryState.DeadLettered)
                .OrderBy(e => e.Delivery.ReceivedAt)
                .Select(ToDeadLetter)
                .ToList();
            return ValueTask.FromResult(letters);
        }
    }

    /// <inheritdoc />
    public ValueTask<RefAssuredDeadLetter?> GetDeadLetterAsync(string deliveryId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deliveryId);
        lock (_lock)
        {
            return ValueTask.FromResult(_entries.TryGetValue(deliveryId, out var entry) && entry.State == RefAssuredDeliveryState.DeadLettered ? ToDeadLetter(entry) : null);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> ReplayAsync(string deliveryId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deliveryId);
        lock (_lock)
        {
            if (!_entries.TryGetValue(deliveryId, out var entry) || entry.State != RefAssuredDeliveryState.DeadLettered)
            {
                return ValueTask.FromResult(false);
            }

            entry.State = RefAssuredDeliveryState.Pending;
            entry.Delivery = entry.Delivery with { Attempt = 1 };
        }

        _ready.Writer.TryWrite(deliveryId);
        return ValueTask.FromResult(true);
    }

    /// <inheritdoc />
    public ValueTask<int> ReplayAllAsync(CancellationToken cancellationToken = default) =>
        DeadLetterBatches.ForEachAsync(this, ReplayAsync, cancellationToken);

    /// <inheritdoc />
    public ValueTask<bool> PurgeAsync(string deliveryId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deliveryId);
        lock (_lock)
        {
            return ValueTask.FromResult(_entries.TryGetValue(deliveryId, out var entry) && entry.State == RefAssuredDeliveryState.DeadLettered && _entries.Remove(deliveryId));
        }
    }

    /// <inheritdoc />
    public ValueTask<int> PurgeAllAsync(CancellationToken cancellationToken = default) =>
        DeadLetterBatches.ForEachAsync(this, PurgeAsync, cancellationToken);

    /// <inheritdoc />
    public ValueTask<RefAssuredInboxStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var byState = _entries.Values.GroupBy(e => e.State).ToDictionary(g => g.Key, g => g.Count());
            var waiting = _entries.Values.Where(e => e.State != RefAssuredDeliveryState.DeadLettered).Select(e => (DateTimeOffset?)e.Delivery.ReceivedAt).Min();
            return ValueTask.FromResult(new RefAssuredInboxStatistics(
                byState.GetValueOrDefault(RefAssuredDeliveryState.Pending),
                byState.GetValueOrDefault(RefAssuredDeliveryState.InFlight),
                byState.GetValueOrDefault(RefAssuredDeliveryState.RetryScheduled),
                byState.GetValueOrDefault(RefAssuredDeliveryState.DeadLettered),
                waiting));
        }
    }

    private static RefAssuredDeadLetter ToDeadLetter(Entry entry) => new(entry.Delivery, entry.LastError ?? string.Empty, entry.DeadLetteredAt);
}

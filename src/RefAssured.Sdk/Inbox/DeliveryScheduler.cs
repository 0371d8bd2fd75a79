using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace RefAssured.Sdk.Hosting;

/// <summary>
/// The delivery state machine both inboxes share: which deliveries wait (pending), which are
/// leased to the worker (in flight), which wait for a retry timer, which are dead letters, and
/// the statistics over them. It holds no storage: a durable inbox writes its records through the
/// <c>whileLocked</c> callbacks, so that a record is queued in the same step as the change it
/// describes and records about one delivery reach the log in the order of its changes.
/// </summary>
internal sealed class DeliveryScheduler
{
    private readonly object _lock = new();
    private readonly Dictionary<string, DeliveryEntry> _entries = new(StringComparer.Ordinal);
    private readonly Channel<string> _ready = Channel.CreateUnbounded<string>();
    private readonly TimeProvider _timeProvider;
    private long _completed;

    public DeliveryScheduler(TimeProvider timeProvider) => _timeProvider = timeProvider;

    /// <summary>Gets how many deliveries are stored and not completed.</summary>
    public int Count => Read(static entries => entries.Count);

    /// <summary>Gets how many deliveries were completed.</summary>
    public long CompletedCount => Interlocked.Read(ref _completed);

    /// <summary>
    /// Adds an entry, unless <paramref name="capacity"/> entries are stored already. A pending entry
    /// is handed out at once; an in-flight one waits for <see cref="Publish"/> (it is being stored).
    /// </summary>
    public DeliveryAddResult TryAdd(DeliveryEntry entry, int capacity = int.MaxValue)
    {
        lock (_lock)
        {
            if (_entries.Count >= capacity)
            {
                return DeliveryAddResult.Full;
            }

            if (!_entries.TryAdd(entry.Id, entry))
            {
                return DeliveryAddResult.Duplicate;
            }
        }

        if (entry.State == RefAssuredDeliveryState.Pending)
        {
            _ready.Writer.TryWrite(entry.Id);
        }

        return DeliveryAddResult.Added;
    }

    /// <summary>Takes back recovered entries: leases held before a restart are void, pending ones are handed out oldest first, retries at their time.</summary>
    public void Restore(IEnumerable<DeliveryEntry> entries)
    {
        foreach (var entry in entries.OrderBy(e => e.Delivery.ReceivedAt))
        {
            if (entry.State == RefAssuredDeliveryState.InFlight)
            {
                entry.State = RefAssuredDeliveryState.Pending;
            }

            TryAdd(entry);
            if (entry.State == RefAssuredDeliveryState.RetryScheduled)
            {
                lock (_lock)
                {
                    ScheduleRetry(entry);
                }
            }
        }
    }

    /// <summary>Makes an entry added in flight pending, now that it is stored.</summary>
    public void Publish(DeliveryEntry entry, Action<DeliveryEntry>? whileLocked = null)
    {
        lock (_lock)
        {
            whileLocked?.Invoke(entry);
            entry.State = RefAssuredDeliveryState.Pending;
        }

        _ready.Writer.TryWrite(entry.Id);
    }

    /// <summary>Hands out pending entries as they become due, each leased to the caller (in flight) with a copy of its delivery.</summary>
    public async IAsyncEnumerable<(DeliveryEntry Entry, RefAssuredDelivery Delivery, RecordLocation Location)> TakeAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (await _ready.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (_ready.Reader.TryRead(out var id))
            {
                DeliveryEntry? entry;
                RefAssuredDelivery delivery;
                RecordLocation location;
                lock (_lock)
                {
                    if (!_entries.TryGetValue(id, out entry) || entry.State != RefAssuredDeliveryState.Pending)
                    {
                        continue;
                    }

                    entry.State = RefAssuredDeliveryState.InFlight;
                    delivery = entry.Delivery;
                    location = entry.Location;
                }

                yield return (entry, delivery, location);
            }
        }
    }

    /// <summary>Removes a completed delivery; returns its entry, or null when it is not stored.</summary>
    public DeliveryEntry? Complete(string id)
    {
        lock (_lock)
        {
            if (!_entries.Remove(id, out var entry))
            {
                return null;
            }

            entry.Timer?.Dispose();
            Interlocked.Increment(ref _completed);
            return entry;
        }
    }

    /// <summary>Records a failed attempt: a retry at its time, or a dead letter. Returns false when the delivery is not stored.</summary>
    public bool Fail(RefAssuredDelivery delivery, RefAssuredDeliveryFailure failure, Action<DeliveryEntry>? whileLocked = null)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(delivery.DeliveryId, out var entry))
            {
                return false;
            }

            entry.Delivery = entry.Delivery with { Attempt = delivery.Attempt, CompletedHandlers = failure.CompletedHandlers };
            entry.LastError = failure.Error;
            entry.RetryAt = failure.RetryAt;
            entry.State = failure.IsDeadLetter ? RefAssuredDeliveryState.DeadLettered : RefAssuredDeliveryState.RetryScheduled;
            entry.DeadLetteredAt = failure.IsDeadLetter ? _timeProvider.GetUtcNow() : null;
            whileLocked?.Invoke(entry);
            if (!failure.IsDeadLetter)
            {
                ScheduleRetry(entry);
            }

            return true;
        }
    }

    /// <summary>Ends a lease without an attempt: the delivery is pending again with the same attempt.</summary>
    public void Release(RefAssuredDelivery delivery)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(delivery.DeliveryId, out var entry) || entry.State != RefAssuredDeliveryState.InFlight)
            {
                return;
            }

            entry.State = RefAssuredDeliveryState.Pending;
            entry.Delivery = entry.Delivery with { CompletedHandlers = delivery.CompletedHandlers };
        }

        _ready.Writer.TryWrite(delivery.DeliveryId);
    }

    /// <summary>
    /// Leases a dead letter for a replay or a purge, so that nothing else acts on it meanwhile;
    /// returns null when there is no such dead letter. End the lease with <see cref="Replay"/>,
    /// <see cref="Remove"/> or <see cref="ReturnDeadLetter"/>.
    /// </summary>
    public DeliveryEntry? LeaseDeadLetter(string id)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(id, out var entry) || entry.State != RefAssuredDeliveryState.DeadLettered)
            {
                return null;
            }

            entry.State = RefAssuredDeliveryState.InFlight;
            return entry;
        }
    }

    /// <summary>Makes a leased dead letter a dead letter again (its replay or purge failed).</summary>
    public void ReturnDeadLetter(DeliveryEntry entry)
    {
        lock (_lock)
        {
            entry.State = RefAssuredDeliveryState.DeadLettered;
        }
    }

    /// <summary>Hands a leased dead letter out again from attempt 1.</summary>
    public void Replay(DeliveryEntry entry)
    {
        lock (_lock)
        {
            entry.State = RefAssuredDeliveryState.Pending;
            entry.Delivery = entry.Delivery with { Attempt = 1 };
            entry.RetryAt = null;
            entry.DeadLetteredAt = null;
        }

        _ready.Writer.TryWrite(entry.Id);
    }

    /// <summary>Removes an entry (a purged dead letter, or an append that could not be stored).</summary>
    public void Remove(DeliveryEntry entry)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(entry.Id, out var stored) && stored == entry)
            {
                _entries.Remove(entry.Id);
                entry.Timer?.Dispose();
            }
        }
    }

    /// <summary>Runs <paramref name="change"/> on an entry while it is still stored; returns false when it is not.</summary>
    public bool TryUpdate(DeliveryEntry entry, Action<DeliveryEntry> change)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(entry.Id, out var stored) || stored != entry)
            {
                return false;
            }

            change(entry);
            return true;
        }
    }

    /// <summary>Runs a query over the stored entries, under the lock: copy what is needed out of them.</summary>
    public T Read<T>(Func<IReadOnlyDictionary<string, DeliveryEntry>, T> query)
    {
        lock (_lock)
        {
            return query(_entries);
        }
    }

    public RefAssuredInboxStatistics GetStatistics() => Read(DeliveryStatistics.Count);

    /// <summary>Ends every <see cref="TakeAsync"/> and stops the retry timers.</summary>
    public void Close()
    {
        _ready.Writer.TryComplete();
        lock (_lock)
        {
            foreach (var entry in _entries.Values)
            {
                entry.Timer?.Dispose();
            }
        }
    }

    // Called under _lock.
    private void ScheduleRetry(DeliveryEntry entry)
    {
        var due = (entry.RetryAt ?? _timeProvider.GetUtcNow()) - _timeProvider.GetUtcNow();
        entry.Timer?.Dispose();
        entry.Timer = _timeProvider.CreateTimer(_ => MakeDue(entry), null, due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan);
    }

    private void MakeDue(DeliveryEntry entry)
    {
        lock (_lock)
        {
            if (entry.State != RefAssuredDeliveryState.RetryScheduled || !_entries.TryGetValue(entry.Id, out var stored) || stored != entry)
            {
                return;
            }

            entry.State = RefAssuredDeliveryState.Pending;
            entry.RetryAt = null;
            entry.Timer?.Dispose();
            entry.Timer = null;
            entry.Delivery = entry.Delivery with { Attempt = entry.Delivery.Attempt + 1 };
        }

        _ready.Writer.TryWrite(entry.Id);
    }
}

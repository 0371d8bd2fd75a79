using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace RefAssured.Sdk.Hosting;

/// <summary>
/// An inbox held in memory: fast, but every delivery not yet handled is lost when the process
/// stops. For tests, and for applications that accept that risk; the durable default is the
/// file-system inbox. It holds at most <see cref="Capacity"/> deliveries that are not completed;
/// beyond that appends fail, and the receiver answers 503.
/// </summary>
public sealed partial class InMemoryRefAssuredInbox : IRefAssuredInbox, IRefAssuredDeadLetterStore, IRefAssuredInboxMonitor
{
    /// <summary>The default <see cref="Capacity"/>.</summary>
    public const int DefaultCapacity = 10_000;

    private readonly object _lock = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Channel<string> _ready = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });
    private readonly TimeProvider _timeProvider;

    /// <summary>Initializes an empty inbox.</summary>
    /// <param name="capacity">How many deliveries that are not completed it holds at most; default <see cref="DefaultCapacity"/>.</param>
    /// <param name="timeProvider">The clock for retry times; <see cref="TimeProvider.System"/> by default.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is less than 1.</exception>
    public InMemoryRefAssuredInbox(int capacity = DefaultCapacity, TimeProvider? timeProvider = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Gets how many deliveries that are not completed the inbox holds at most.</summary>
    public int Capacity { get; }

    /// <summary>Gets how many deliveries are stored and not completed (pending, in flight, awaiting a retry or dead-lettered).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Gets how many deliveries were completed since the inbox was created.</summary>
    public long CompletedCount { get; private set; }

    /// <summary>Lists the deliveries that are not completed, oldest first.</summary>
    /// <returns>A snapshot of the entries.</returns>
    public IReadOnlyList<RefAssuredInboxEntry> GetEntries()
    {
        lock (_lock)
        {
            return _entries.Values
                .OrderBy(e => e.Delivery.ReceivedAt)
                .Select(e => new RefAssuredInboxEntry(e.Delivery, e.State, e.LastError, e.RetryAt))
                .ToList();
        }
    }

    /// <inheritdoc />
    public ValueTask AppendAsync(RefAssuredDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            if (_entries.Count >= Capacity)
            {
                throw new RefAssuredInboxUnavailableException($"The in-memory inbox is full: it holds {Capacity} deliveries that are not completed.");
            }

            if (!_entries.TryAdd(delivery.DeliveryId, new Entry(delivery)))
            {
                throw new ArgumentException($"A delivery with id '{delivery.DeliveryId}' is already stored.", nameof(delivery));
            }
        }

        _ready.Writer.TryWrite(delivery.DeliveryId);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<RefAssuredDelivery> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (await _ready.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (_ready.Reader.TryRead(out var id))
            {
                RefAssuredDelivery? delivery = null;
                lock (_lock)
                {
                    if (_entries.TryGetValue(id, out var entry) && entry.State == RefAssuredDeliveryState.Pending)
                    {
                        entry.State = RefAssuredDeliveryState.InFlight;
                        delivery = entry.Delivery;
                    }
                }

                if (delivery is not null)
                {
                    yield return delivery;
                }
            }
        }
    }

    /// <inheritdoc />
    public ValueTask CompleteAsync(RefAssuredDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        lock (_lock)
        {
            if (_entries.Remove(delivery.DeliveryId))
            {
                CompletedCount++;
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask FailAsync(RefAssuredDelivery delivery, RefAssuredDeliveryFailure failure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentNullException.ThrowIfNull(failure);
        lock (_lock)
        {
            if (!_entries.TryGetValue(delivery.DeliveryId, out var entry))
            {
                return ValueTask.CompletedTask;
            }

            entry.LastError = failure.Error;
            entry.Delivery = entry.Delivery with { CompletedHandlers = failure.CompletedHandlers };
            if (failure.RetryAt is not { } retryAt)
            {
                entry.State = RefAssuredDeliveryState.DeadLettered;
                entry.RetryAt = null;
                entry.DeadLetteredAt = _timeProvider.GetUtcNow();
                return ValueTask.CompletedTask;
            }

            entry.State = RefAssuredDeliveryState.RetryScheduled;
            entry.RetryAt = retryAt;
            var due = retryAt - _timeProvider.GetUtcNow();
            entry.Timer?.Dispose();
            entry.Timer = _timeProvider.CreateTimer(_ => MakeDue(delivery.DeliveryId), null, due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask ReleaseAsync(RefAssuredDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        lock (_lock)
        {
            if (!_entries.TryGetValue(delivery.DeliveryId, out var entry) || entry.State != RefAssuredDeliveryState.InFlight)
            {
                return ValueTask.CompletedTask;
            }

            entry.State = RefAssuredDeliveryState.Pending;
            entry.Delivery = entry.Delivery with { CompletedHandlers = delivery.CompletedHandlers };
        }

        _ready.Writer.TryWrite(delivery.DeliveryId);
        return ValueTask.CompletedTask;
    }

    private void MakeDue(string deliveryId)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(deliveryId, out var entry) || entry.State != RefAssuredDeliveryState.RetryScheduled)
            {
                return;
            }

            entry.State = RefAssuredDeliveryState.Pending;
            entry.RetryAt = null;
            entry.Timer?.Dispose();
            entry.Timer = null;
            entry.Delivery = entry.Delivery with { Attempt = entry.Delivery.Attempt + 1 };
        }

        _ready.Writer.TryWrite(deliveryId);
    }

    private sealed class Entry(RefAssuredDelivery delivery)
    {
        public RefAssuredDelivery Delivery { get; set; } = delivery;

        public RefAssuredDeliveryState State { get; set; } = RefAssuredDeliveryState.Pending;

        public string? LastError { get; set; }

        public DateTimeOffset? RetryAt { get; set; }

        public ITimer? Timer { get; set; }

        public DateTimeOffset DeadLetteredAt { get; set; }
    }
}

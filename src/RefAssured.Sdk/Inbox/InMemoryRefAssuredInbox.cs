using System.Runtime.CompilerServices;

namespace RefAssured.Sdk.Hosting;

/// <summary>
/// An inbox held in memory: fast, but every delivery not yet handled is lost when the process
/// stops. For tests, and for applications that accept that risk; the durable default is the
/// file-system inbox. It holds at most <see cref="Capacity"/> deliveries that are not completed,
/// and at most <see cref="MaxBufferedBytes"/> bytes of their bodies; beyond either, appends fail
/// and the receiver answers 503. A delivery's bytes count until it is completed, or, once
/// dead-lettered, purged.
/// </summary>
public sealed class InMemoryRefAssuredInbox : IRefAssuredInbox, IRefAssuredDeadLetterStore, IRefAssuredInboxMonitor
{
    /// <summary>The default <see cref="Capacity"/>.</summary>
    public const int DefaultCapacity = 10_000;

    private readonly DeliveryScheduler _scheduler;
    private readonly long _maxBufferedBytes = RefAssuredReceiverOptions.DefaultMaxBufferedBytes;

    /// <summary>Initializes an empty inbox.</summary>
    /// <param name="capacity">How many deliveries that are not completed it holds at most; default <see cref="DefaultCapacity"/>.</param>
    /// <param name="timeProvider">The clock for retry times; <see cref="TimeProvider.System"/> by default.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is less than 1.</exception>
    public InMemoryRefAssuredInbox(int capacity = DefaultCapacity, TimeProvider? timeProvider = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _scheduler = new DeliveryScheduler(timeProvider ?? TimeProvider.System);
    }

    /// <summary>Gets how many deliveries that are not completed the inbox holds at most.</summary>
    public int Capacity { get; }

    /// <summary>
    /// Gets the most bytes of bodies held at once, counted together with the bodies being read by a
    /// <see cref="RefAssuredReceiver"/> that stores in this inbox. Default
    /// <see cref="RefAssuredReceiverOptions.DefaultMaxBufferedBytes"/> (256 MiB).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public long MaxBufferedBytes
    {
        get => _maxBufferedBytes;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _maxBufferedBytes = value;
        }
    }

    /// <summary>Gets the bytes held in memory by this inbox and by the receivers that store in it.</summary>
    internal MemoryBudget Budget { get; } = new();

    /// <summary>Gets how many deliveries are stored and not completed (pending, in flight, awaiting a retry or dead-lettered).</summary>
    internal int Count => _scheduler.Count;

    /// <summary>Gets how many deliveries were completed since the inbox was created.</summary>
    internal long CompletedCount => _scheduler.CompletedCount;

    /// <summary>Lists the deliveries that are not completed, oldest first.</summary>
    /// <returns>A snapshot of the entries.</returns>
    internal IReadOnlyList<RefAssuredInboxEntry> GetEntries() => _scheduler.Read(static entries =>
        entries.Values
            .OrderBy(e => e.Delivery.ReceivedAt)
            .Select(e => new RefAssuredInboxEntry(e.Delivery, e.State, e.LastError, e.RetryAt))
            .ToList());

    /// <inheritdoc />
    public ValueTask AppendAsync(RefAssuredDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        cancellationToken.ThrowIfCancellationRequested();
        if (!Budget.TryReserve(delivery.Body.Length, MaxBufferedBytes))
        {
            throw new RefAssuredInboxUnavailableException($"The in-memory inbox is full: its bodies and those being received would take more than {MaxBufferedBytes} bytes.");
        }

        var added = _scheduler.TryAdd(new DeliveryEntry(delivery), Capacity);
        if (added != DeliveryAddResult.Added)
        {
            Budget.Release(delivery.Body.Length);
        }

        return added switch
        {
            DeliveryAddResult.Full => throw new RefAssuredInboxUnavailableException($"The in-memory inbox is full: it holds {Capacity} deliveries that are not completed."),
            DeliveryAddResult.Duplicate => throw new ArgumentException($"A delivery with id '{delivery.DeliveryId}' is already stored.", nameof(delivery)),
            _ => ValueTask.CompletedTask,
        };
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<RefAssuredDelivery> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var taken in _scheduler.TakeAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return taken.Delivery;
        }
    }

    /// <inheritdoc />
    public ValueTask CompleteAsync(RefAssuredDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        if (_scheduler.Complete(delivery.DeliveryId) is { } completed)
        {
            Budget.Release(completed.Delivery.Body.Length);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask FailAsync(RefAssuredDelivery delivery, RefAssuredDeliveryFailure failure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentNullException.ThrowIfNull(failure);
        _scheduler.Fail(delivery, failure);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask ReleaseAsync(RefAssuredDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        _scheduler.Release(delivery);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<RefAssuredDeadLetter>> ListDeadLettersAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyList<RefAssuredDeadLetter>>(_scheduler.Read(DeliveryStatistics.DeadLetters).Select(d => d.Letter).ToList());

    /// <inheritdoc />
    public ValueTask<RefAssuredDeadLetter?> GetDeadLetterAsync(string deliveryId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deliveryId);
        return ValueTask.FromResult(_scheduler.Read(entries => DeliveryStatistics.DeadLetter(entries, deliveryId)));
    }

    /// <inheritdoc />
    public ValueTask<bool> ReplayAsync(string deliveryId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deliveryId);
        if (_scheduler.LeaseDeadLetter(deliveryId) is not { } entry)
        {
            return ValueTask.FromResult(false);
        }

        _scheduler.Replay(entry);
        return ValueTask.FromResult(true);
    }

    /// <inheritdoc />
    public ValueTask<int> ReplayAllAsync(CancellationToken cancellationToken = default) =>
        DeadLetterBatches.ForEachAsync(this, ReplayAsync, cancellationToken);

    /// <inheritdoc />
    public ValueTask<bool> PurgeAsync(string deliveryId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deliveryId);
        if (_scheduler.LeaseDeadLetter(deliveryId) is not { } entry)
        {
            return ValueTask.FromResult(false);
        }

        _scheduler.Remove(entry);
        Budget.Release(entry.Delivery.Body.Length);
        return ValueTask.FromResult(true);
    }

    /// <inheritdoc />
    public ValueTask<int> PurgeAllAsync(CancellationToken cancellationToken = default) =>
        DeadLetterBatches.ForEachAsync(this, PurgeAsync, cancellationToken);

    /// <inheritdoc />
    public ValueTask<RefAssuredInboxStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_scheduler.GetStatistics());
}

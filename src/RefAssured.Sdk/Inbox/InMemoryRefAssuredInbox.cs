using System.Runtime.CompilerServices;

namespace RefAssured.Sdk.Hosting;

/// <summary>
/// An inbox held in memory: fast, but every delivery not yet handled is lost when the process
/// stops. For tests, and for applications that accept that risk; the durable default is the
/// file-system inbox. It holds at most <see cref="Capacity"/> deliveries that are not completed;
/// beyond that appends fail, and the receiver answers 503.
/// </summary>
public sealed class InMemoryRefAssuredInbox : IRefAssuredInbox, IRefAssuredDeadLetterStore, IRefAssuredInboxMonitor
{
    /// <summary>The default <see cref="Capacity"/>.</summary>
    public const int DefaultCapacity = 10_000;

    private readonly DeliveryScheduler _scheduler;

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
        switch (_scheduler.TryAdd(new DeliveryEntry(delivery), Capacity))
        {
            case DeliveryAddResult.Full:
                throw new RefAssuredInboxUnavailableException($"The in-memory inbox is full: it holds {Capacity} deliveries that are not completed.");
            case DeliveryAddResult.Duplicate:
                throw new ArgumentException($"A delivery with id '{delivery.DeliveryId}' is already stored.", nameof(delivery));
        }

        return ValueTask.CompletedTask;
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
        _scheduler.Complete(delivery.DeliveryId);
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
        return ValueTask.FromResult(true);
    }

    /// <inheritdoc />
    public ValueTask<int> PurgeAllAsync(CancellationToken cancellationToken = default) =>
        DeadLetterBatches.ForEachAsync(this, PurgeAsync, cancellationToken);

    /// <inheritdoc />
    public ValueTask<RefAssuredInboxStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_scheduler.GetStatistics());
}

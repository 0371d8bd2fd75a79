using System.Runtime.CompilerServices;

namespace RefAssured.Sdk.Hosting;

/// <summary>
/// The durable default inbox: deliveries are kept in a directory on the local disk, with no
/// server and no extra package. An append returns only once the delivery and its metadata are
/// flushed to disk (concurrent appends share one flush), so a process killed right after the
/// 200 loses nothing. On opening it recovers every delivery that was stored and not completed;
/// a torn or corrupt record is set aside in <c>quarantine/</c> without hiding the others.
/// </summary>
/// <remarks>
/// The directory holds <c>segments/</c> (the log), <c>quarantine/</c> (damaged bytes found on
/// opening) and <c>audit/</c> (the audit trail). One open instance owns a directory (it locks <c>inbox.lock</c>). On Unix it and all
/// in it are its owner's only (directories 0700, files 0600, wider modes tightened on opening).
/// </remarks>
public sealed class FileRefAssuredInbox : IRefAssuredInbox, IRefAssuredDeadLetterStore, IRefAssuredInboxMonitor, IAsyncDisposable
{
    private readonly FileRefAssuredInboxOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly DeliveryScheduler _scheduler;
    private readonly SemaphoreSlim _openLock = new(1, 1);
    private FileInboxParts? _parts;
    private bool _disposed;

    /// <summary>Initializes an inbox over a directory; nothing is read or written until it is opened or first used.</summary>
    /// <param name="options">The directory, retention and segment size.</param>
    /// <param name="timeProvider">The clock for retry times and retention; <see cref="TimeProvider.System"/> by default.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public FileRefAssuredInbox(FileRefAssuredInboxOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid file inbox options: " + string.Join(" ", problems), nameof(options));
        }

        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _scheduler = new DeliveryScheduler(_timeProvider);
        Directory = Path.GetFullPath(options.Directory);
    }

    /// <summary>Gets the full path of the directory the inbox owns.</summary>
    public string Directory { get; }

    /// <summary>
    /// Opens the inbox: creates the directory and recovers every stored delivery that is not
    /// completed. Every other member opens it on first use; call this at start-up to find a
    /// problem with the directory before the first request does.
    /// </summary>
    /// <param name="cancellationToken">Cancels waiting for another caller that is opening it.</param>
    /// <returns>A task that completes once the inbox is open.</returns>
    /// <exception cref="RefAssuredInboxUnavailableException">The directory cannot be created, read or written, or another process or inbox instance has it open.</exception>
    /// <exception cref="ObjectDisposedException">The inbox was disposed.</exception>
    public async ValueTask OpenAsync(CancellationToken cancellationToken = default) => await EnsureOpenAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    /// <remarks>Returns once the delivery is flushed to disk. Cancellation counts only until the write is queued.</remarks>
    public async ValueTask AppendAsync(RefAssuredDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        if (delivery.DeliveryId.Length is 0 or > 200)
        {
            throw new ArgumentException("A delivery id must be 1 to 200 characters.", nameof(delivery));
        }

        var parts = await EnsureOpenAsync(cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        var prefix = RecordCodec.EncodeDelivery(delivery, delivery.Body.Length);
        parts.Quota.EnsureRoomFor(RecordCodec.HeaderSize + (long)prefix.Length + delivery.Body.Length);
        var onDisk = delivery.Body.Length > FileInboxParts.MemoryBodyLimit;

        // Added in flight, so that it is not handed out before it is on disk.
        var entry = new DeliveryEntry(delivery with { Body = onDisk ? default : delivery.Body, ParsedEvent = null }) { State = RefAssuredDeliveryState.InFlight, BodyOnDisk = onDisk };
        if (_scheduler.TryAdd(entry) == DeliveryAddResult.Duplicate)
        {
            throw new ArgumentException($"A delivery with id '{delivery.DeliveryId}' is already stored.", nameof(delivery));
        }

        RecordLocation location;
        try
        {
            location = await parts.Log.WriteAsync(RecordKind.Append, prefix, delivery.Body).ConfigureAwait(false);
        }
        catch
        {
            _scheduler.Remove(entry);
            throw;
        }

        _scheduler.Publish(entry, e => e.Location = location);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<RefAssuredDelivery> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var parts = await EnsureOpenAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var (entry, delivery, location) in _scheduler.TakeAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!entry.BodyOnDisk)
            {
                yield return delivery;
                continue;
            }

            if (!StoredBody.TryRead(parts.Log, _scheduler, entry, location, out var body, out var ex))
            {
                // The record was whole when recovered or written; losing it since is a disk fault worth a dead letter.
                // The dead letter keeps the exception's type only; the observer gets the rest (paths, system text).
                _options.Observer.SafeNotify(ex, static (o, e) => o.InboxFailed("read", e));
                await FailQuietlyAsync(delivery, $"The stored body could not be read back: {ex.GetType().Name}").ConfigureAwait(false);
                continue;
            }

            yield return delivery with { Body = body };
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Returns once the completion is on disk. Should it not be written (a disk error), the
    /// observer hears of a failed <c>complete</c> operation and the delivery is handed out again
    /// after the next start, which the at-least-once rule allows.
    /// </remarks>
    public async ValueTask CompleteAsync(RefAssuredDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var parts = await EnsureOpenAsync(cancellationToken).ConfigureAwait(false);
        if (_scheduler.Complete(delivery.DeliveryId) is null)
        {
            return;
        }

        // The handlers did succeed, so the trail says so; were the record lost, the delivery would be handled, and audited, once more.
        parts.Audit.Write(delivery, "completed", delivery.Attempt, error: null);
        try
        {
            await parts.Log.WriteAsync(RecordKind.Complete, RecordCodec.EncodeMark(delivery.DeliveryId, _timeProvider.GetUtcNow())).ConfigureAwait(false);
        }
        catch (RefAssuredInboxUnavailableException ex)
        {
            _options.Observer.SafeNotify(ex, static (o, e) => o.InboxFailed("complete", e));
        }
    }

    /// <inheritdoc />
    public async ValueTask FailAsync(RefAssuredDelivery delivery, RefAssuredDeliveryFailure failure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentNullException.ThrowIfNull(failure);
        var parts = await EnsureOpenAsync(cancellationToken).ConfigureAwait(false);
        var id = delivery.DeliveryId;
        if (failure.IsDeadLetter && _scheduler.Read(entries => entries.ContainsKey(id)))
        {
            // Audited before the dead letter can be seen, so that its replay or purge is always audited after it.
            parts.Audit.Write(delivery, "dead-lettered", delivery.Attempt, failure.Error);
        }

        var now = _timeProvider.GetUtcNow();
        Task<RecordLocation>? write = null;
        _scheduler.Fail(delivery, failure, _ => write = parts.Log.WriteAsync(RecordKind.Fail, RecordCodec.EncodeFail(id, delivery.Attempt, now, failure.RetryAt, failure.Error, failure.CompletedHandlers)));
        if (write is not null)
        {
            await write.ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    /// <remarks>Kept in memory only: after a crash every handler may run again, which at-least-once allows.</remarks>
    public ValueTask ReleaseAsync(RefAssuredDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        _scheduler.Release(delivery);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<RefAssuredDeadLetter>> ListDeadLettersAsync(CancellationToken cancellationToken = default) =>
        (await EnsureOpenAsync(cancellationToken).ConfigureAwait(false)).DeadLetters.List();

    /// <inheritdoc />
    public async ValueTask<RefAssuredDeadLetter?> GetDeadLetterAsync(string deliveryId, CancellationToken cancellationToken = default) =>
        (await EnsureOpenAsync(cancellationToken).ConfigureAwait(false)).DeadLetters.Get(deliveryId);

    /// <inheritdoc />
    public async ValueTask<bool> ReplayAsync(string deliveryId, CancellationToken cancellationToken = default) =>
        await (await EnsureOpenAsync(cancellationToken).ConfigureAwait(false)).DeadLetters.ReplayAsync(deliveryId).ConfigureAwait(false);

    /// <inheritdoc />
    public ValueTask<int> ReplayAllAsync(CancellationToken cancellationToken = default) =>
        DeadLetterBatches.ForEachAsync(this, ReplayAsync, cancellationToken);

    /// <inheritdoc />
    public async ValueTask<bool> PurgeAsync(string deliveryId, CancellationToken cancellationToken = default) =>
        await (await EnsureOpenAsync(cancellationToken).ConfigureAwait(false)).DeadLetters.PurgeAsync(deliveryId).ConfigureAwait(false);

    /// <inheritdoc />
    public ValueTask<int> PurgeAllAsync(CancellationToken cancellationToken = default) =>
        DeadLetterBatches.ForEachAsync(this, PurgeAsync, cancellationToken);

    /// <inheritdoc />
    public async ValueTask<RefAssuredInboxStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default)
    {
        var parts = await EnsureOpenAsync(cancellationToken).ConfigureAwait(false);
        return _scheduler.GetStatistics() with { Quarantined = parts.Quarantined };
    }

    /// <summary>
    /// Reads the audit trail, oldest first, for as long as <see cref="FileRefAssuredInboxOptions.Retention"/>
    /// keeps it: one entry per delivery completed, dead-lettered, replayed, purged or expired, with
    /// ids, types, times, attempts, outcome and the error kept with the delivery, never bodies.
    /// </summary>
    /// <param name="cancellationToken">Cancels reading.</param>
    /// <returns>The entries.</returns>
    public async IAsyncEnumerable<RefAssuredAuditEntry> ReadAuditTrailAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var parts = await EnsureOpenAsync(cancellationToken).ConfigureAwait(false);
        foreach (var entry in parts.Audit.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return entry;
        }
    }

    /// <summary>Stops maintenance, waits for queued writes to reach the disk, and closes the log and the audit trail, flushed.</summary>
    /// <returns>A task that completes once closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _scheduler.Close();
        if (Volatile.Read(ref _parts) is { } parts)
        {
            await parts.DisposeAsync().ConfigureAwait(false);
        }

        _openLock.Dispose();
    }

    /// <summary>Applies retention once (see <see cref="SegmentRetention"/>); runs every minute on its own.</summary>
    internal async Task MaintainAsync()
    {
        if (Volatile.Read(ref _parts) is { } parts && !_disposed)
        {
            await parts.Retention.RunAsync().ConfigureAwait(false);
        }
    }

    private async Task FailQuietlyAsync(RefAssuredDelivery delivery, string error)
    {
        try
        {
            await FailAsync(delivery, new RefAssuredDeliveryFailure(error, null), CancellationToken.None).ConfigureAwait(false);
        }
        catch (RefAssuredInboxUnavailableException ex)
        {
            _options.Observer.SafeNotify(ex, static (o, e) => o.InboxFailed("fail", e));
        }
    }

    internal async ValueTask<FileInboxParts> EnsureOpenAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Volatile.Read(ref _parts) is { } open)
        {
            return open;
        }

        await _openLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_parts is null)
            {
                Volatile.Write(ref _parts, FileInboxParts.Open(Directory, _options, _scheduler, _timeProvider));
            }

            return _parts;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.SecurityException or NotSupportedException)
        {
            throw new RefAssuredInboxUnavailableException("The inbox directory cannot be opened.", ex); // path and system text: inner exception only
        }
        finally
        {
            _openLock.Release();
        }
    }
}

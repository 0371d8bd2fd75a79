using System.Threading.Channels;

namespace RefAssured.Sdk.Hosting;

/// <summary>
/// The durable default inbox: deliveries are kept in a directory on the local disk, with no
/// server and no extra package. An append returns only once the delivery and its metadata are
/// flushed to disk (concurrent appends share one flush), so a process killed right after the
/// 200 loses nothing. On opening it recovers every delivery that was stored and not completed;
/// a torn or corrupt record is set aside in <c>quarantine/</c> without hiding the others.
/// </summary>
/// <remarks>
/// Layout: <c>segments/</c> holds append-only log segments (records with CRC-32C checksums),
/// <c>quarantine/</c> the damaged bytes found on opening with <c>quarantine.log</c> saying why,
/// and <c>audit/</c> one JSON-lines file a day of completed, dead-lettered, replayed and purged
/// deliveries (ids, types, times, attempts, outcome; no bodies). One process owns a directory.
/// </remarks>
public sealed partial class FileRefAssuredInbox : IRefAssuredInbox, IRefAssuredDeadLetterStore, IRefAssuredInboxMonitor, IAsyncDisposable, ISegmentLogListener
{
    // Bodies up to this size stay in memory until handled; larger ones only until their first
    // hand-out, within FileRefAssuredInboxOptions.LargeBodyMemoryLimit, and are read back from disk otherwise.
    private const int InMemoryBodyLimit = 1024 * 1024;

    // The events parsed on receipt are handed to the worker with their first hand-out, so that it
    // does not parse the same bytes again, for at most this many stored deliveries at a time:
    // beyond that (a backlog) they are parsed again when handed out, and memory stays bounded.
    internal const int ParsedEventLimit = 4096;

    private readonly FileRefAssuredInboxOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly object _lock = new();
    private readonly Dictionary<string, InboxItem> _items = new(StringComparer.Ordinal);
    private readonly Dictionary<long, DateTimeOffset> _segments = [];
    private readonly Channel<string> _ready = Channel.CreateUnbounded<string>();
    private readonly SemaphoreSlim _openLock = new(1, 1);
    private SegmentLog? _log;
    private long _largeBodyBytes;
    private int _parsedEvents;
    private ITimer? _maintenanceTimer;
    private int _quarantined;
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
        Directory = Path.GetFullPath(options.Directory);
    }

    /// <summary>Gets the full path of the directory the inbox owns.</summary>
    public string Directory { get; }

    private string SegmentsDirectory => Path.Combine(Directory, "segments");

    private string QuarantineDirectory => Path.Combine(Directory, "quarantine");

    private string AuditDirectory => Path.Combine(Directory, "audit");

    private TimeSpan BodyRetention => _options.CompletedBodyRetention ?? _options.Retention;

    /// <summary>
    /// Opens the inbox: creates the directory and recovers every stored delivery that is not
    /// completed. Every other member opens it on first use; call this at start-up to find a
    /// problem with the directory before the first request does.
    /// </summary>
    /// <param name="cancellationToken">Cancels waiting for another caller that is opening it.</param>
    /// <returns>A task that completes once the inbox is open.</returns>
    /// <exception cref="RefAssuredInboxUnavailableException">The directory cannot be created, read or written.</exception>
    /// <exception cref="ObjectDisposedException">The inbox was disposed.</exception>
    public async ValueTask OpenAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Volatile.Read(ref _log) is not null)
        {
            return;
        }

        await _openLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_log is not null)
            {
                return;
            }

            var nextSegment = Recover();
            var segmentAge = TimeSpan.FromTicks(Math.Clamp(BodyRetention.Ticks, TimeSpan.FromMinutes(1).Ticks, TimeSpan.FromHours(1).Ticks));
            Volatile.Write(ref _log, new SegmentLog(SegmentsDirectory, nextSegment, _options.SegmentSize, segmentAge, _timeProvider, this));
            ScheduleRecovered();
            _maintenanceTimer = _timeProvider.CreateTimer(_ => _ = MaintainQuietlyAsync(), null, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.SecurityException or NotSupportedException)
        {
            throw new RefAssuredInboxUnavailableException($"The inbox directory '{Directory}' cannot be opened: {ex.Message}", ex);
        }
        finally
        {
            _openLock.Release();
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
        _maintenanceTimer?.Dispose();
        _ready.Writer.TryComplete();
        lock (_lock)
        {
            foreach (var item in _items.Values)
            {
                item.Timer?.Dispose();
            }
        }

        if (_log is { } log)
        {
            await log.DisposeAsync().ConfigureAwait(false);
        }

        lock (_auditLock)
        {
            WritePendingAuditQuietly();
            CloseAuditFile(flush: true);
            _auditWriter?.Dispose();
        }

        _openLock.Dispose();
    }

    /// <summary>Gets how many batches the log has flushed to disk since the inbox opened.</summary>
    internal int LogFlushes => Volatile.Read(ref _log)?.Flushes ?? 0;

    void ISegmentLogListener.BeforeBatch() => WriteAuditBeforeBatch();

    void ISegmentLogListener.PostedWritten(long segment) => Touch(segment, _timeProvider.GetUtcNow());

    // Only completions are posted: each one lost is reported, never on the log's thread.
    void ISegmentLogListener.PostedFailed(Exception error, int count) =>
        ThreadPool.UnsafeQueueUserWorkItem(
            static state =>
            {
                for (var i = 0; i < state.Count; i++)
                {
                    state.Inbox._options.Observer.SafeNotify(state.Error, static (o, e) => o.InboxFailed("complete", e));
                }
            },
            (Inbox: this, Error: error, Count: count),
            preferLocal: false);

    private async ValueTask<SegmentLog> EnsureOpenAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Volatile.Read(ref _log) is { } log)
        {
            return log;
        }

        await OpenAsync(cancellationToken).ConfigureAwait(false);
        return _log!;
    }

}

using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.Win32.SafeHandles;

namespace RefAssured.Sdk.Hosting;

/// <summary>
/// Appends records to the active log segment with group commit: every write queued while one
/// flush is under way goes to disk together in the next, with one <c>fsync</c>, and each
/// caller's task completes only once its record is on disk. A failed write is cut back off the
/// segment, so the log only ever holds whole, acknowledged records.
/// </summary>
/// <remarks>
/// Ahead of the records the segment keeps a runway: a few MiB already written with a fixed
/// filler pattern and flushed. Records for small batches overwrite that runway, so their
/// <c>fsync</c> only writes data; it does not first have to allocate blocks and grow the file,
/// which costs a file-system journal commit per flush. Recovery reads the filler that is left
/// after the last record as free space (<see cref="FreeSpaceStart"/>), and a closed segment is
/// cut back to its records.
/// <para>
/// When several writers are active, the next batch gathers records for a moment before it is
/// written (see <see cref="GatherTime"/>): on a busy machine a flush costs far more processor
/// time than the few records it carries, and fewer, larger flushes leave that time to the writers.
/// </para>
/// <para>
/// A batch of posted records alone (completions nobody waits for) is written but not flushed:
/// once written, it survives the process being killed, and the next flush, which every awaited
/// write brings, or the closing of the segment takes it to disk. So a delivery costs one flush
/// however far apart deliveries arrive, instead of one for its append and one for its completion.
/// Only a power cut before that flush can lose such records, and a lost completion only means
/// the delivery is handled again.
/// </para>
/// </remarks>
internal sealed class SegmentLog : IAsyncDisposable
{
    private const int BatchBufferSize = 256 * 1024;
    private const int MaxBatch = 4096;
    private const int RunwayStep = 4 * 1024 * 1024;
    private const int FillerChunkSize = 64 * 1024;
    private const int DropStep = 1024 * 1024;

    // A batch this large is written at once; gathering stops there.
    private const int GatherTarget = 16;

    // The filler repeats this pattern, each byte at the file offset that is its index modulo 16.
    private static readonly byte[] FillerChunk = BuildFillerChunk();

    private readonly string _directory;
    private readonly long _segmentSize;
    private readonly TimeSpan _segmentAge;
    private readonly TimeProvider _timeProvider;
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;
    private readonly ISegmentLogListener? _listener;
    private readonly DirectWriter _direct = new();
    private SafeFileHandle? _handle;
    private string? _segmentPath;
    private long _length;
    private long _runwayEnd;
    private bool _runwayFailed;
    private long _droppedTo;
    private DateTimeOffset _openedAt;
    private int _lastBatchAppends;
    private int _flushes;

    // Posted records written since the last flush: a batch of them alone is written, not flushed.
    private int _unflushedPosted;

    public SegmentLog(string directory, long nextSegment, long segmentSize, TimeSpan segmentAge, TimeProvider timeProvider, ISegmentLogListener? listener = null)
    {
        _listener = listener;
        _directory = directory;
        ActiveSegment = nextSegment - 1;
        _segmentSize = segmentSize;
        _segmentAge = segmentAge;
        _timeProvider = timeProvider;
        // A thread of its own: it blocks in fsync, and must not wait behind the request work on the pool.
        _loop = Task.Factory.StartNew(Run, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>
    /// Gets or sets how long the next batch waits for more records while it holds fewer than 16
    /// and the batch before it held appends from more than one writer; the wait yields the
    /// processor to those writers. A lone writer never waits. 50 µs by default: under a load of
    /// small events at 32 connections on two cores, the flushes carried about 4 appends each
    /// without it; with it the ASP.NET Core endpoint with the file inbox served about 10% more
    /// requests per second, 8 producers appending directly about 50% more appends, and a lone
    /// producer as many as before.
    /// </summary>
    internal TimeSpan GatherTime { get; set; } = TimeSpan.FromMicroseconds(50);

    /// <summary>Gets how many appends the batch written last held.</summary>
    internal int LastBatchAppends => Volatile.Read(ref _lastBatchAppends);

    /// <summary>Gets how many batches have been written and flushed.</summary>
    internal int Flushes => Volatile.Read(ref _flushes);

    /// <summary>Gets how many bytes of large bodies have gone to disk past the file cache.</summary>
    internal long DirectBytes => _direct.DirectBytes;

    /// <summary>Gets why the last direct write of a large body failed, if one did.</summary>
    internal string? DirectRefusal => _direct.Refusal;

    /// <summary>Gets the number of the segment being written, or of the last one written.</summary>
    public long ActiveSegment { get; private set; }

    public static string SegmentPath(string directory, long segment) =>
        Path.Combine(directory, segment.ToString("D12", CultureInfo.InvariantCulture) + ".log");

    private static ReadOnlySpan<byte> FillerPattern => "refassured:free\n"u8;

    /// <summary>
    /// Finds where the unused runway at the end of a segment's bytes begins: the start of the
    /// longest tail that is filler at its own offsets, or the segment's length when there is none.
    /// Zeros or any other bytes are never free space.
    /// </summary>
    public static int FreeSpaceStart(ReadOnlySpan<byte> segment)
    {
        var start = segment.Length;
        while (start > 0 && segment[start - 1] == FillerPattern[(start - 1) % FillerPattern.Length])
        {
            start--;
        }

        return start;
    }

    /// <summary>Queues a record; the task completes once it is on disk.</summary>
    /// <exception cref="RefAssuredInboxUnavailableException">The log is closed, or the disk failed.</exception>
    public Task<RecordLocation> WriteAsync(RecordKind kind, byte[] prefix, ReadOnlyMemory<byte> body = default)
    {
        var header = new byte[RecordCodec.HeaderSize];
        RecordCodec.WriteHeader(header, kind, prefix, body.Span);
        var write = new PendingWrite(kind, header, prefix, body, awaited: true);
        return _queue.Writer.TryWrite(write)
            ? write.Completion!.Task
            : Task.FromException<RecordLocation>(new RefAssuredInboxUnavailableException("The inbox is closed."));
    }

    /// <summary>
    /// Queues a record nobody waits for. Once its batch is written the listener hears of it with
    /// <see cref="ISegmentLogListener.PostedWritten"/>, or of the failure with <see cref="ISegmentLogListener.PostedFailed"/>.
    /// </summary>
    public void Post(RecordKind kind, byte[] prefix)
    {
        var header = new byte[RecordCodec.HeaderSize];
        RecordCodec.WriteHeader(header, kind, prefix, default);
        if (!_queue.Writer.TryWrite(new PendingWrite(kind, header, prefix, default, awaited: false)))
        {
            _listener?.PostedFailed(new RefAssuredInboxUnavailableException("The inbox is closed."), 1);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        CloseSegment();
        _direct.Dispose();
    }

    private void Run()
    {
        var batch = new List<PendingWrite>();
        var buffer = ArrayPool<byte>.Shared.Rent(BatchBufferSize);
        try
        {
            while (WaitForWrites())
            {
                Drain(batch);
                Gather(batch);
                Volatile.Write(ref _lastBatchAppends, batch.Count(write => write.Kind == RecordKind.Append));
                NotifyBeforeBatch();
                WriteBatch(batch, buffer);

                // Let go of the bodies now, not when the next write comes, which may be long after.
                batch.Clear();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // The listener must not throw; should it, the log goes on all the same.
    private void NotifyBeforeBatch()
    {
        try
        {
            _listener?.BeforeBatch();
        }
#pragma warning disable CA1031 // Nothing the listener does may stop the log's thread.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private void Drain(List<PendingWrite> batch)
    {
        while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var write))
        {
            batch.Add(write);
        }
    }

    // Waits up to GatherTime for more records, yielding the processor meanwhile, while the batch
    // is small, holds no large body, and the last batch showed more than one writer appending.
    private void Gather(List<PendingWrite> batch)
    {
        if (_lastBatchAppends < 2 || GatherTime <= TimeSpan.Zero)
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        while (batch.Count < GatherTarget && !HoldsLargeBody(batch) && Stopwatch.GetElapsedTime(started) < GatherTime)
        {
            Thread.Yield();
            Drain(batch);
        }

        static bool HoldsLargeBody(List<PendingWrite> batch)
        {
            foreach (var write in batch)
            {
                if (write.Length > BatchBufferSize)
                {
                    return true;
                }
            }

            return false;
        }
    }

    private bool WaitForWrites()
    {
        var wait = _queue.Reader.WaitToReadAsync();
        return wait.IsCompletedSuccessfully ? wait.Result : wait.AsTask().GetAwaiter().GetResult();
    }

    private void WriteBatch(List<PendingWrite> batch, byte[] buffer)
    {
        var start = -1L;
        var flushed = false;
        SafeFileHandle? written = null;
        try
        {
            EnsureSegment();
            var handle = _handle!;
            start = _length;
            var size = 0L;
            var direct = false;
            foreach (var write in batch)
            {
                size += write.Length;
                direct |= write.BodyLength >= DirectWriter.Threshold && !_direct.Unavailable;
            }

            // A body written directly must not land on runway pages just dirtied in the cache:
            // the kernel would first have to write those out, only to overwrite them. A batch that
            // will not be flushed (posted records alone) needs no runway either: the runway only
            // spares flushes the growing of the file. Extended for the completions after a large
            // body, it wrote up to 4 MiB of filler that the next body then overwrote.
            var flush = batch.Exists(static write => write.Completion is not null);
            if (!direct && flush)
            {
                EnsureRunway(handle, size);
            }

            var buffered = 0;
            foreach (var write in batch)
            {
                write.Location = new RecordLocation(ActiveSegment, _length);
                foreach (var part in write.Parts())
                {
                    if (part.Length > buffer.Length - buffered)
                    {
                        RandomAccess.Write(handle, buffer.AsSpan(0, buffered), _length - buffered);
                        buffered = 0;
                    }

                    if (part.Length >= DirectWriter.Threshold)
                    {
                        _direct.Write(handle, _segmentPath!, part.Span, _length);
                    }
                    else if (part.Length > buffer.Length)
                    {
                        RandomAccess.Write(handle, part.Span, _length);
                    }
                    else
                    {
                        part.Span.CopyTo(buffer.AsSpan(buffered));
                        buffered += part.Length;
                    }

                    _length += part.Length;
                }
            }

            RandomAccess.Write(handle, buffer.AsSpan(0, buffered), _length - buffered);
            _runwayEnd = Math.Max(_runwayEnd, _length);
            if (flush)
            {
                RandomAccess.FlushToDisk(handle);
                Interlocked.Increment(ref _flushes);
                _unflushedPosted = 0;
                flushed = true;
            }
            else
            {
                _unflushedPosted += batch.Count;
            }

            foreach (var write in batch)
            {
                // Let go of the body before the writer hears of it, so the log never outlives an append in holding it.
                write.ReleaseBody();
                write.Completion?.TrySetResult(write.Location);
            }

            written = handle;
        }
#pragma warning disable CA1031 // Every disk error fails the batch's appends (the receiver answers 503); the loop goes on.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            CutBack(start);
            var error = new RefAssuredInboxUnavailableException($"The inbox could not write to disk in '{_directory}': {ex.Message}", ex);
            var posted = 0;
            foreach (var write in batch)
            {
                write.ReleaseBody();
                if (write.Completion is { } completion)
                {
                    completion.TrySetException(error);
                }
                else
                {
                    posted++;
                }
            }

            if (posted > 0)
            {
                _listener?.PostedFailed(error, posted);
            }
        }

        // Outside the try: what follows a written batch must never cut it back.
        if (written is not null)
        {
            if (batch.Exists(static write => write.Completion is null))
            {
                _listener?.PostedWritten(ActiveSegment);
            }

            // Pages not yet flushed stay: dropping them would only start their write-back early.
            if (flushed)
            {
                DropWrittenPages(written);
            }
        }
    }

    // Lets the file cache drop what is now on disk, in steps of DropStep, whole pages only: the
    // page holding the end of the records is written again by the next batch, and reading it
    // back from disk first would stall that write. The log is read back only for large bodies
    // past the inbox's memory budget and at start-up, so the cache gains little by keeping it;
    // letting it go keeps the cache reusing the same memory, which made 10 MB reports under load
    // about 40% faster to store than filling fresh memory with every segment written.
    private void DropWrittenPages(SafeFileHandle handle)
    {
        var end = _length / PageCache.PageSize * PageCache.PageSize;
        if (end - _droppedTo >= DropStep)
        {
            PageCache.Drop(handle, _droppedTo, end - _droppedTo);
            _droppedTo = end;
        }
    }

    private void EnsureSegment()
    {
        if (_handle is not null && (_length >= _segmentSize || _timeProvider.GetUtcNow() - _openedAt >= _segmentAge))
        {
            CloseSegment();
        }

        if (_handle is null)
        {
            var next = ActiveSegment + 1;
            var path = SegmentPath(_directory, next);
            _handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read);
            _segmentPath = path;
            DirectorySync.Flush(_directory);
            ActiveSegment = next;
            _length = 0;
            _runwayEnd = 0;
            _runwayFailed = false;
            _droppedTo = 0;
            _openedAt = _timeProvider.GetUtcNow();
        }
    }

    // Extends the runway when a small batch would run past it; a large batch (a big body) is
    // written straight past the end, since the flush of that many bytes dwarfs a journal commit.
    // Where the disk has no room for a runway, this segment goes on without one.
    private void EnsureRunway(SafeFileHandle handle, long size)
    {
        if (_runwayFailed || size > RunwayStep || _length + size <= _runwayEnd)
        {
            return;
        }

        var position = Math.Max(_runwayEnd, _length);
        var end = _length + size + RunwayStep;
        try
        {
            while (position < end)
            {
                var phase = (int)(position % FillerPattern.Length);
                var count = (int)Math.Min(FillerChunkSize - FillerPattern.Length, end - position);
                RandomAccess.Write(handle, FillerChunk.AsSpan(phase, count), position);
                position += count;
            }

            _runwayEnd = end;
        }
        catch (IOException)
        {
            _runwayFailed = true;
            RandomAccess.SetLength(handle, _length);
            _runwayEnd = _length;
        }
    }

    private static byte[] BuildFillerChunk()
    {
        var chunk = new byte[FillerChunkSize];
        for (var i = 0; i < chunk.Length; i += FillerPattern.Length)
        {
            FillerPattern.CopyTo(chunk.AsSpan(i));
        }

        return chunk;
    }

    private void CutBack(long start)
    {
        if (_handle is null || start < 0)
        {
            return;
        }

        try
        {
            RandomAccess.SetLength(_handle, start);
            RandomAccess.FlushToDisk(_handle);
            _unflushedPosted = 0;
            _length = start;
            _runwayEnd = start;
        }
#pragma warning disable CA1031 // If even the cut fails, the segment is abandoned; recovery skips its torn tail.
        catch (Exception)
#pragma warning restore CA1031
        {
            // Its true length is unknown now, so the runway is left for recovery to find.
            CloseSegment(trimRunway: false);
        }
    }

    private void CloseSegment(bool trimRunway = true)
    {
        if (_handle is null)
        {
            return;
        }

        FlushPosted(_handle);

        if (trimRunway && _runwayEnd > _length)
        {
            try
            {
                RandomAccess.SetLength(_handle, _length);
            }
#pragma warning disable CA1031 // Only space is at stake: recovery reads the runway as free space and cuts it.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }

        _direct.CloseFile();
        _handle.Dispose();
        _handle = null;
    }

    // Flushes posted records written since the last flush, before their segment is closed; should
    // that fail, the listener hears of them as lost.
    private void FlushPosted(SafeFileHandle handle)
    {
        if (_unflushedPosted == 0)
        {
            return;
        }

        var count = _unflushedPosted;
        _unflushedPosted = 0;
        try
        {
            RandomAccess.FlushToDisk(handle);
            Interlocked.Increment(ref _flushes);
        }
#pragma warning disable CA1031 // Every disk error is reported the same way: those completions may be lost.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _listener?.PostedFailed(new RefAssuredInboxUnavailableException($"The inbox could not flush to disk in '{_directory}': {ex.Message}", ex), count);
        }
    }

    private sealed class PendingWrite(RecordKind kind, byte[] header, byte[] prefix, ReadOnlyMemory<byte> body, bool awaited)
    {
        public RecordKind Kind => kind;

        // Null for a posted record: nobody waits for it.
        public TaskCompletionSource<RecordLocation>? Completion { get; } = awaited ? new(TaskCreationOptions.RunContinuationsAsynchronously) : null;

        public RecordLocation Location { get; set; }

        public long Length => header.Length + prefix.Length + body.Length;

        public int BodyLength => body.Length;

        public void ReleaseBody() => body = default;

        public IEnumerable<ReadOnlyMemory<byte>> Parts()
        {
            yield return header;
            yield return prefix;
            if (!body.IsEmpty)
            {
                yield return body;
            }
        }
    }
}

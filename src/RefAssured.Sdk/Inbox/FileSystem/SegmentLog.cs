using System.Buffers;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.Win32.SafeHandles;

namespace RefAssured.Sdk;

/// <summary>
/// Appends records to the active log segment with group commit: every write queued while one
/// flush is under way goes to disk together in the next, with one <c>fsync</c>, and each
/// caller's task completes only once its record is on disk. A failed write is cut back off the
/// segment, so the log only ever holds whole, acknowledged records.
/// </summary>
internal sealed class SegmentLog : IAsyncDisposable
{
    private const int BatchBufferSize = 256 * 1024;
    private const int MaxBatch = 4096;

    private readonly string _directory;
    private readonly long _segmentSize;
    private readonly TimeSpan _segmentAge;
    private readonly TimeProvider _timeProvider;
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;
    private SafeFileHandle? _handle;
    private long _length;
    private DateTimeOffset _openedAt;

    public SegmentLog(string directory, long nextSegment, long segmentSize, TimeSpan segmentAge, TimeProvider timeProvider)
    {
        _directory = directory;
        ActiveSegment = nextSegment - 1;
        _segmentSize = segmentSize;
        _segmentAge = segmentAge;
        _timeProvider = timeProvider;
        // A thread of its own: it blocks in fsync, and must not wait behind the request work on the pool.
        _loop = Task.Factory.StartNew(Run, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Gets the number of the segment being written, or of the last one written.</summary>
    public long ActiveSegment { get; private set; }

    public static string SegmentPath(string directory, long segment) =>
        Path.Combine(directory, segment.ToString("D12", CultureInfo.InvariantCulture) + ".log");

    /// <summary>Queues a record; the task completes once it is on disk.</summary>
    /// <exception cref="RefAssuredInboxUnavailableException">The log is closed, or the disk failed.</exception>
    public Task<RecordLocation> WriteAsync(RecordKind kind, byte[] prefix, ReadOnlyMemory<byte> body = default)
    {
        var header = new byte[RecordCodec.HeaderSize];
        RecordCodec.WriteHeader(header, kind, prefix, body.Span);
        var write = new PendingWrite(header, prefix, body);
        return _queue.Writer.TryWrite(write)
            ? write.Completion.Task
            : Task.FromException<RecordLocation>(new RefAssuredInboxUnavailableException("The inbox is closed."));
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        CloseSegment();
    }

    private void Run()
    {
        var batch = new List<PendingWrite>();
        var buffer = ArrayPool<byte>.Shared.Rent(BatchBufferSize);
        try
        {
            while (WaitForWrites())
            {
                batch.Clear();
                Drain(batch);
                WriteBatch(batch, buffer);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Drain(List<PendingWrite> batch)
    {
        while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var write))
        {
            batch.Add(write);
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
        try
        {
            EnsureSegment();
            var handle = _handle!;
            start = _length;
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

                    if (part.Length > buffer.Length)
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
            RandomAccess.FlushToDisk(handle);
            foreach (var write in batch)
            {
                write.Completion.TrySetResult(write.Location);
            }
        }
#pragma warning disable CA1031 // Every disk error fails the batch's appends (the receiver answers 503); the loop goes on.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            CutBack(start);
            var error = new RefAssuredInboxUnavailableException($"The inbox could not write to disk in '{_directory}': {ex.Message}", ex);
            foreach (var write in batch)
            {
                write.Completion.TrySetException(error);
            }
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
            _handle = File.OpenHandle(SegmentPath(_directory, next), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read);
            DirectorySync.Flush(_directory);
            ActiveSegment = next;
            _length = 0;
            _openedAt = _timeProvider.GetUtcNow();
        }
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
            _length = start;
        }
#pragma warning disable CA1031 // If even the cut fails, the segment is abandoned; recovery skips its torn tail.
        catch (Exception)
#pragma warning restore CA1031
        {
            CloseSegment();
        }
    }

    private void CloseSegment()
    {
        if (_handle is null)
        {
            return;
        }

        _handle.Dispose();
        _handle = null;
    }

    private sealed class PendingWrite(byte[] header, byte[] prefix, ReadOnlyMemory<byte> body)
    {
        public TaskCompletionSource<RecordLocation> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public RecordLocation Location { get; set; }

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

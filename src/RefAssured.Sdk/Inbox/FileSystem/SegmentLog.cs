using System.Buffers;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.Win32.SafeHandles;

namespace RefAssured.Sdk.Hosting;

/// <summary>
/// The inbox's append-only log: numbered segment files of records (see <see cref="RecordCodec"/>).
/// One writer thread takes every record queued, writes them after the last record of the active
/// segment, flushes the file to disk once, and only then completes their tasks (group commit).
/// A batch that fails is cut back off the segment, so the log holds only whole records that
/// were acknowledged. A segment never grows past its size cap: a record that would pass it
/// starts a new segment, and a record larger than the cap is alone in its own. A new segment is
/// also started when the active one reaches its age.
/// </summary>
internal sealed class SegmentLog : IAsyncDisposable
{
    // Small records are copied into one buffer and written together; a larger part is written from its own memory.
    private const int BufferSize = 256 * 1024;

    private readonly string _directory;
    private readonly long _segmentSize;
    private readonly TimeSpan _segmentAge;
    private readonly TimeProvider _timeProvider;
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SegmentTimes _times;
    private readonly Task _writer;
    private SafeFileHandle? _handle;
    private long _length;
    private DateTimeOffset _openedAt;
    private int _flushes;
    private long _bytes;

    /// <param name="directory">The segments directory.</param>
    /// <param name="existing">The segments already on disk, each with the time of its newest record.</param>
    /// <param name="segmentSize">The size a segment never exceeds, but for a single record larger than it.</param>
    /// <param name="segmentAge">The age at which a new segment is started, so that retention can remove old ones.</param>
    /// <param name="timeProvider">The clock for segment ages.</param>
    public SegmentLog(string directory, IReadOnlyDictionary<long, DateTimeOffset> existing, long segmentSize, TimeSpan segmentAge, TimeProvider timeProvider)
    {
        _directory = directory;
        _times = new SegmentTimes(existing);
        _segmentSize = segmentSize;
        _segmentAge = segmentAge;
        _timeProvider = timeProvider;
        _bytes = existing.Keys.Sum(s => LengthOf(SegmentPath(directory, s)));

        // A thread of its own: it blocks in fsync, and must not wait behind request work on the pool.
        _writer = Task.Factory.StartNew(Run, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Gets the number of the segment being written, or of the last one written.</summary>
    public long ActiveSegment => _times.Active;

    /// <summary>Gets the bytes of every segment on disk plus those of the records queued to be written.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Gets how many batches have been written and flushed.</summary>
    public int Flushes => Volatile.Read(ref _flushes);

    public static string SegmentPath(string directory, long segment) =>
        Path.Combine(directory, segment.ToString("D12", CultureInfo.InvariantCulture) + ".log");

    /// <summary>Queues a record of <paramref name="prefix"/> then <paramref name="body"/>; the task completes once it is on disk.</summary>
    /// <exception cref="RefAssuredInboxUnavailableException">The log is closed, or the disk failed (through the task).</exception>
    public Task<RecordLocation> WriteAsync(RecordKind kind, byte[] prefix, ReadOnlyMemory<byte> body = default)
    {
        var header = new byte[RecordCodec.HeaderSize];
        RecordCodec.WriteHeader(header, kind, prefix, body.Span);
        var write = new PendingWrite(header, prefix, body);
        Interlocked.Add(ref _bytes, write.Size);
        if (_queue.Writer.TryWrite(write))
        {
            return write.Completion.Task;
        }

        Interlocked.Add(ref _bytes, -write.Size);
        return Task.FromException<RecordLocation>(new RefAssuredInboxUnavailableException("The inbox is closed."));
    }

    /// <summary>Reads back the body of the append or snapshot record at <paramref name="location"/>, checking its checksum.</summary>
    /// <exception cref="InvalidDataException">The record is damaged.</exception>
    /// <exception cref="IOException">The segment cannot be read.</exception>
    public ReadOnlyMemory<byte> ReadBody(RecordLocation location) => RecordBody.Read(SegmentPath(_directory, location.Segment), location);

    /// <summary>Lists the segments before the active one whose newest record was written before <paramref name="cutoff"/>, oldest first.</summary>
    public List<long> SegmentsWrittenBefore(DateTimeOffset cutoff) => _times.WrittenBefore(cutoff);

    /// <summary>Deletes a segment that is not the active one, and flushes the directory.</summary>
    public void DeleteSegment(long segment)
    {
        // The active segment only moves on, so a segment before it now stays before it.
        if (segment >= ActiveSegment)
        {
            throw new InvalidOperationException("The active segment cannot be deleted.");
        }

        var path = SegmentPath(_directory, segment);
        var length = LengthOf(path);
        File.Delete(path);
        Interlocked.Add(ref _bytes, -length);
        DirectorySync.Flush(_directory);
        _times.Remove(segment);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        CloseSegment();
    }

    private static long LengthOf(string path)
    {
        var file = new FileInfo(path);
        return file.Exists ? file.Length : 0;
    }

    private void Run()
    {
        var batch = new List<PendingWrite>();
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            while (WaitForWrites())
            {
                TakeQueued(batch);
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

    // In a method of its own, so that no local of this long-running loop's frame keeps the last
    // write (and its body) reachable while the writer waits for the next one.
    private void TakeQueued(List<PendingWrite> batch)
    {
        while (_queue.Reader.TryRead(out var write))
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
        var next = 0;
        while (next < batch.Count)
        {
            next = WriteGroup(batch, next, buffer);
        }
    }

    // Writes the records from batch[first] on that fit in one segment, flushes them, completes
    // them and returns the index after the last. On a disk error it fails every record from
    // batch[first] on and returns the batch's end.
    private int WriteGroup(List<PendingWrite> batch, int first, byte[] buffer)
    {
        var start = -1L;
        try
        {
            var handle = EnsureSegment(batch[first].Size);
            start = _length;
            var buffered = 0;
            var end = first;

            // The first record always goes in: EnsureSegment made room for it, or it is alone in a new segment.
            for (; end < batch.Count && (end == first || _length + batch[end].Size <= _segmentSize); end++)
            {
                var write = batch[end];
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
            Interlocked.Increment(ref _flushes);
            _times.Written(_timeProvider.GetUtcNow());

            for (var i = first; i < end; i++)
            {
                batch[i].Completion.TrySetResult(batch[i].Location);
            }

            return end;
        }
#pragma warning disable CA1031 // Every disk error fails the batch's writes (the receiver answers 503); the writer goes on.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            CutBack(start);

            // In general terms: the path and the system's error text stay in the inner exception, for the server's log only.
            var error = new RefAssuredInboxUnavailableException("The inbox could not write to disk.", ex);
            for (var i = first; i < batch.Count; i++)
            {
                Interlocked.Add(ref _bytes, -batch[i].Size);
                batch[i].Completion.TrySetException(error);
            }

            return batch.Count;
        }
    }

    private SafeFileHandle EnsureSegment(long recordSize)
    {
        if (_handle is not null && ((_length > 0 && _length + recordSize > _segmentSize) || _timeProvider.GetUtcNow() - _openedAt >= _segmentAge))
        {
            CloseSegment();
        }

        if (_handle is null)
        {
            var next = ActiveSegment + 1;
            _handle = PrivateFiles.OpenHandle(SegmentPath(_directory, next), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read);
            DirectorySync.Flush(_directory);
            _times.Start(next);

            _length = 0;
            _openedAt = _timeProvider.GetUtcNow();
        }

        return _handle;
    }

    // Cuts a failed batch off the segment. Should even that fail, the segment is closed and the
    // next batch starts a new one; recovery quarantines whatever the failed batch left behind.
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
#pragma warning disable CA1031 // See above: any failure here only closes the segment.
        catch (Exception)
#pragma warning restore CA1031
        {
            CloseSegment();
        }
    }

    private void CloseSegment()
    {
        _handle?.Dispose();
        _handle = null;
    }
}

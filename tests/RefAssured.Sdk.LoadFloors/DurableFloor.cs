using System.Threading.Channels;
using Microsoft.Win32.SafeHandles;

namespace RefAssured.Sdk.LoadFloors;

/// <summary>
/// The least a receiver that answers only once a body is on disk must do: bodies queued while one
/// flush is under way are written together and flushed with one <c>fsync</c> (group commit), by a
/// thread of its own, before any of their requests is answered. Nothing is parsed, indexed,
/// handled or ever read back.
/// </summary>
/// <remarks>
/// The file is preallocated (written with zeros and flushed) when it is created, written over from
/// its start once full, and deleted when closed, so that a flush writes data only, never the
/// metadata of a grown file.
/// </remarks>
public sealed class DurableFloor : IDisposable
{
    /// <summary>The file's default size: room for many batches of small events.</summary>
    public const long DefaultFileSize = 64 * 1024 * 1024;

    private readonly Channel<Write> _queue = Channel.CreateUnbounded<Write>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SafeFileHandle _file;
    private readonly Thread _writer;
    private readonly long _fileSize;
    private long _position;

    /// <summary>Creates and preallocates the file at <paramref name="path"/> and starts the writer thread.</summary>
    public DurableFloor(string path, long fileSize = DefaultFileSize)
    {
        _fileSize = fileSize;
        _file = File.OpenHandle(path, FileMode.Create, FileAccess.ReadWrite, FileShare.Read, FileOptions.DeleteOnClose);
        var zeros = new byte[1024 * 1024];
        for (var offset = 0L; offset < fileSize; offset += zeros.Length)
        {
            RandomAccess.Write(_file, zeros.AsSpan(0, (int)Math.Min(zeros.Length, fileSize - offset)), offset);
        }

        RandomAccess.FlushToDisk(_file);
        _writer = new Thread(Run) { IsBackground = true, Name = "Durable floor" };
        _writer.Start();
    }

    /// <summary>Queues a body; the task completes once it is flushed to disk.</summary>
    public Task StoreAsync(byte[] body)
    {
        var write = new Write(body);
        return _queue.Writer.TryWrite(write) ? write.Flushed.Task : Task.FromException(new ObjectDisposedException(nameof(DurableFloor)));
    }

    /// <summary>Writes what is queued, stops the writer thread and deletes the file.</summary>
    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _writer.Join();
        _file.Dispose();
    }

    private void Run()
    {
        var batch = new List<Write>();
        var bodies = new List<ReadOnlyMemory<byte>>();
        while (_queue.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            var size = 0L;
            while (_queue.Reader.TryRead(out var write))
            {
                batch.Add(write);
                bodies.Add(write.Body);
                size += write.Body.Length;
            }

            try
            {
                if (_position + size > _fileSize)
                {
                    _position = 0;
                }

                RandomAccess.Write(_file, bodies, _position);
                _position += size;
                RandomAccess.FlushToDisk(_file);
                batch.ForEach(static write => write.Flushed.TrySetResult());
            }
            catch (IOException ex)
            {
                batch.ForEach(write => write.Flushed.TrySetException(ex));
            }

            batch.Clear();
            bodies.Clear();
        }
    }

    private sealed class Write(byte[] body)
    {
        public byte[] Body => body;

        public TaskCompletionSource Flushed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

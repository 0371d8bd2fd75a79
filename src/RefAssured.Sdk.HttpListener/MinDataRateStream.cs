namespace RefAssured.Sdk.HttpListener;

/// <summary>
/// Reads a request body and fails a read with <see cref="TimeoutException"/> once the body's
/// average rate since the first read falls below a minimum after a grace period, as Kestrel's
/// minimum request body data rate does. The listener's reads cannot be cancelled, so a read that
/// misses its deadline is left pending until closing the connection ends it; it reads into this
/// stream's own buffer, never into the caller's, which may be back in a pool by then.
/// </summary>
internal sealed class MinDataRateStream(Stream inner, double bytesPerSecond, TimeSpan gracePeriod, TimeProvider timeProvider) : Stream
{
    private const int BufferSize = 32 * 1024;
    private readonly byte[] _buffer = new byte[BufferSize];
    private long _read;
    private long? _started;

    /// <summary>Gets whether a read missed its deadline; the stream cannot be read after that.</summary>
    public bool TimedOut { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (TimedOut)
        {
            throw new TimeoutException("The request body arrived too slowly.");
        }

        _started ??= timeProvider.GetTimestamp();
        var read = bytesPerSecond > 0 ? ReadWithinDeadlineAsync(buffer.Length, cancellationToken) : inner.ReadAsync(_buffer, 0, Math.Min(BufferSize, buffer.Length), cancellationToken);
        var count = await read.ConfigureAwait(false);
        _buffer.AsSpan(0, count).CopyTo(buffer.Span);
        _read += count;
        return count;
    }

    private async Task<int> ReadWithinDeadlineAsync(int length, CancellationToken cancellationToken)
    {
        // The average stays at the minimum until (bytes read) / (minimum) seconds after the start.
        var allowed = TimeSpan.FromSeconds(Math.Max(gracePeriod.TotalSeconds, _read / bytesPerSecond));
        var remaining = allowed - timeProvider.GetElapsedTime(_started!.Value);
        if (remaining <= TimeSpan.Zero)
        {
            TimedOut = true;
            throw new TimeoutException("The request body arrived more slowly than the minimum rate.");
        }

        var read = inner.ReadAsync(_buffer, 0, Math.Min(BufferSize, length), cancellationToken);
        try
        {
            return await read.WaitAsync(remaining, timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            TimedOut = true;
            _ = read.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            throw;
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

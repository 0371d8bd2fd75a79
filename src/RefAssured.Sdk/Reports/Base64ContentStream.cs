namespace RefAssured.Sdk;

/// <summary>A forward-only stream over base64 content that decodes as it is read.</summary>
internal sealed class Base64ContentStream(ReadOnlyMemory<byte> source) : Stream
{
    private Base64ContentReader _reader = new(source);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException("The decoded length is not known without reading the content; use ReportFile.TryGetContentLength.");

    public override long Position
    {
        get => throw new NotSupportedException("The report content stream is forward-only.");
        set => throw new NotSupportedException("The report content stream is forward-only.");
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        return Read(buffer.AsSpan(offset, count));
    }

    public override int Read(Span<byte> buffer)
    {
        if (!_reader.TryRead(buffer, out var written))
        {
            throw ReportContentException.InvalidBase64(_reader.Position);
        }

        return written;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        // Decoding is CPU work over memory already held; there is nothing to wait for.
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("The report content stream is forward-only.");

    public override void SetLength(long value) => throw new NotSupportedException("The report content stream is read-only.");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("The report content stream is read-only.");
}

namespace RefAssured.Sdk.Tests.Receiving;

/// <summary>A receiver over an in-memory inbox, and requests built the way a host builds them.</summary>
internal sealed class ReceiverHarness
{
    public const string Key = "6d015479-0123-abcd-4567-e8ef634acf45";

    public ReceiverHarness(IRefAssuredInbox? inbox = null, Action<RefAssuredReceiverOptions>? configure = null)
    {
        Inbox = inbox ?? new InMemoryRefAssuredInbox();
        Options = new RefAssuredReceiverOptions { Keys = new RefAssuredKeySet(Key) };
        configure?.Invoke(Options);
        Receiver = new RefAssuredReceiver(Inbox, Options);
    }

    public IRefAssuredInbox Inbox { get; }

    public RefAssuredReceiverOptions Options { get; }

    public RefAssuredReceiver Receiver { get; }

    public static RefAssuredReceiveRequest Request(
        string? route,
        byte[] body,
        string? key = Key,
        string? contentType = "application/json",
        bool declareLength = true,
        Stream? stream = null,
        IReadOnlyDictionary<string, string>? routeValues = null,
        string method = "POST",
        bool isHttps = false) => new()
        {
            EventRoute = route,
            Method = method,
            IsHttps = isHttps,
            GetHeader = name => string.Equals(name, RefAssuredReceiver.KeyHeaderName, StringComparison.OrdinalIgnoreCase) ? key : null,
            ContentType = contentType,
            ContentLength = declareLength ? body.Length : null,
            Body = stream ?? new MemoryStream(body),
            RouteValues = routeValues ?? new Dictionary<string, string>(),
            RemoteAddress = "127.0.0.1",
        };

    public Task<RefAssuredReceiveOutcome> ReceiveAsync(RefAssuredReceiveRequest request) =>
        Receiver.ReceiveAsync(request, TestContext.Current.CancellationToken);
}

/// <summary>A body stream that fails the test if anything reads it.</summary>
internal sealed class UnreadableStream : MemoryStream
{
    public bool WasRead { get; private set; }

    public override int Read(byte[] buffer, int offset, int count) => Fail();

    public override int Read(Span<byte> buffer) => Fail();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Fail());

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Fail());

    private int Fail()
    {
        WasRead = true;
        throw new InvalidOperationException("The body was read before the request was accepted for reading.");
    }
}

/// <summary>A body stream that gives some bytes, then fails as a dropped connection does.</summary>
internal sealed class BrokenStream(byte[] prefix) : MemoryStream(prefix)
{
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await base.ReadAsync(buffer, cancellationToken);
        return read > 0 ? read : throw new IOException("The client closed the connection.");
    }
}

/// <summary>An inbox whose appends always fail.</summary>
internal sealed class FailingInbox(Exception error) : IRefAssuredInbox
{
    public ValueTask AppendAsync(RefAssuredDelivery delivery, CancellationToken cancellationToken) => ValueTask.FromException(error);

    public IAsyncEnumerable<RefAssuredDelivery> ReadAsync(CancellationToken cancellationToken) => AsyncEnumerable.Empty<RefAssuredDelivery>();

    public ValueTask CompleteAsync(RefAssuredDelivery delivery, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask FailAsync(RefAssuredDelivery delivery, RefAssuredDeliveryFailure failure, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask ReleaseAsync(RefAssuredDelivery delivery, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}

/// <summary>A body stream of spaces that never ends before <c>totalBytes</c>, counting what was read of it.</summary>
internal sealed class CountingStream(long totalBytes) : Stream
{
    public long BytesRead { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var n = (int)Math.Min(count, totalBytes - BytesRead);
        buffer.AsSpan(offset, n).Fill((byte)' ');
        BytesRead += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

namespace RefAssured.Sdk.Tests.Inbox;

public sealed class SegmentLogTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Gather_AfterABatchFromSeveralWriters_TheNextBatchWaitsForMoreRecords()
    {
        await using var log = NewLog(TimeSpan.FromSeconds(2));
        await PrimeWithSeveralWritersAsync(log);
        var flushes = log.Flushes;

        var first = log.WriteAsync(RecordKind.Append, Prefix(1));
        await Task.Delay(200, TestContext.Current.CancellationToken);
        var second = log.WriteAsync(RecordKind.Append, Prefix(2));
        await Task.WhenAll(first, second);

        // Without gathering the first record goes to disk alone, well before the second is queued.
        Assert.Equal(flushes + 1, log.Flushes);
        Assert.Equal((await first).Offset + RecordCodec.HeaderSize + Prefix(1).Length, (await second).Offset);
    }

    [Fact]
    public async Task Gather_LoneWriter_NeverWaits()
    {
        await using var log = NewLog(TimeSpan.FromSeconds(30));
        var started = System.Diagnostics.Stopwatch.StartNew();

        for (var i = 0; i < 20; i++)
        {
            await log.WriteAsync(RecordKind.Append, Prefix(i));
        }

        Assert.Equal(20, log.Flushes);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(15), $"20 appends one after another took {started.Elapsed}: a lone writer waited to gather.");
    }

    [Fact]
    public async Task Gather_BatchHoldingALargeBody_IsWrittenAtOnce()
    {
        await using var log = NewLog(TimeSpan.FromSeconds(30));
        await PrimeWithSeveralWritersAsync(log);
        var started = System.Diagnostics.Stopwatch.StartNew();

        await log.WriteAsync(RecordKind.Append, Prefix(1), new byte[1024 * 1024]);

        Assert.True(started.Elapsed < TimeSpan.FromSeconds(15), $"A batch with a 1 MiB body took {started.Elapsed}: it waited to gather.");
    }

    [Fact]
    public async Task LargeBody_AfterASmallRecord_IsWrittenWhole_PastTheFileCacheWhereThatWorks()
    {
        await using var log = NewLog(TimeSpan.Zero);
        var body = new byte[(3 * DirectWriter.Threshold) + 123];
        new Random(5).NextBytes(body);

        var small = await log.WriteAsync(RecordKind.Append, Prefix(1), new byte[] { 1, 2, 3 });
        var large = await log.WriteAsync(RecordKind.Append, Prefix(2), body);
        var after = await log.WriteAsync(RecordKind.Append, Prefix(3), new byte[] { 4, 5 });

        var segment = await File.ReadAllBytesAsync(SegmentLog.SegmentPath(_directory.Path, 1), TestContext.Current.CancellationToken);
        Assert.Equal(body, ReadBody(segment, large.Offset, Prefix(2)));
        Assert.Equal([1, 2, 3], ReadBody(segment, small.Offset, Prefix(1)));
        Assert.Equal([4, 5], ReadBody(segment, after.Offset, Prefix(3)));
        if (DirectWriterTests.DirectWritesExpected())
        {
            // The body starts at no block boundary: all but its unaligned ends went directly.
            Assert.True(log.DirectBytes >= body.Length - (2 * DirectWriter.Alignment) && log.DirectBytes <= body.Length, $"{log.DirectBytes} bytes went directly; {log.DirectRefusal}");
        }
    }

    private static byte[] ReadBody(byte[] segment, long offset, byte[] prefix)
    {
        var record = segment.AsSpan((int)offset);
        Assert.True(RecordCodec.TryReadHeader(record, out var kind, out var length, out var crc));
        Assert.Equal(RecordKind.Append, kind);
        Assert.Equal(crc, Crc32C.Compute(record.Slice(RecordCodec.HeaderSize, length)));
        Assert.Equal(prefix, record.Slice(RecordCodec.HeaderSize, prefix.Length).ToArray());
        return record.Slice(RecordCodec.HeaderSize + prefix.Length, length - prefix.Length).ToArray();
    }

    [Fact]
    public async Task Post_IsWrittenWithNobodyWaiting_AndTheListenerHearsOfItAfterItsBatch()
    {
        var listener = new Listener();
        await using var log = new SegmentLog(_directory.Path, nextSegment: 1, segmentSize: 64L * 1024 * 1024, segmentAge: TimeSpan.FromHours(1), TimeProvider.System, listener);
        var prefix = Prefix(7);

        log.Post(RecordKind.Complete, prefix);
        await Processing.RefAssuredWorkerTests.Eventually(() => listener.Events.Contains("written 1"));

        Assert.Equal(["before", "written 1"], listener.Events);
        var segment = await File.ReadAllBytesAsync(SegmentLog.SegmentPath(_directory.Path, 1), TestContext.Current.CancellationToken);
        Assert.True(RecordCodec.TryReadHeader(segment, out var kind, out var length, out _));
        Assert.Equal(RecordKind.Complete, kind);
        Assert.Equal(prefix, segment.AsSpan(RecordCodec.HeaderSize, length).ToArray());
    }

    [Fact]
    public async Task Post_Alone_IsWrittenWithoutAFlush_AndTheNextAwaitedWriteFlushesBoth()
    {
        var listener = new Listener();
        await using var log = new SegmentLog(_directory.Path, nextSegment: 1, segmentSize: 64L * 1024 * 1024, segmentAge: TimeSpan.FromHours(1), TimeProvider.System, listener);

        log.Post(RecordKind.Complete, Prefix(1));
        await Processing.RefAssuredWorkerTests.Eventually(() => listener.Events.Contains("written 1"));

        // Written, so a killed process keeps it, but not flushed.
        Assert.Equal(0, log.Flushes);
        Assert.Equal(RecordKind.Complete, ReadKind(await File.ReadAllBytesAsync(SegmentLog.SegmentPath(_directory.Path, 1), TestContext.Current.CancellationToken)));

        var append = await log.WriteAsync(RecordKind.Append, Prefix(2));

        Assert.Equal(1, log.Flushes);
        Assert.Equal(RecordCodec.HeaderSize + Prefix(1).Length, append.Offset);
    }

    [Fact]
    public async Task Post_Alone_AfterALargeBody_WritesNoRunwayFiller()
    {
        var listener = new Listener();
        await using var log = new SegmentLog(_directory.Path, nextSegment: 1, segmentSize: 64L * 1024 * 1024, segmentAge: TimeSpan.FromHours(1), TimeProvider.System, listener);
        var large = await log.WriteAsync(RecordKind.Append, Prefix(1), new byte[5 * 1024 * 1024]);
        var end = large.Offset + RecordCodec.HeaderSize + Prefix(1).Length + (5 * 1024 * 1024) + RecordCodec.HeaderSize + Prefix(2).Length;

        log.Post(RecordKind.Complete, Prefix(2));
        await Processing.RefAssuredWorkerTests.Eventually(() => listener.Events.Contains("written 1"));

        // Filler ahead of an unflushed batch would spare no flush anything; the next large body would only overwrite it.
        Assert.Equal(end, new FileInfo(SegmentLog.SegmentPath(_directory.Path, 1)).Length);
    }

    [Fact]
    public async Task Post_WrittenWithoutAFlush_IsFlushedWhenTheLogCloses()
    {
        var listener = new Listener();
        var log = new SegmentLog(_directory.Path, nextSegment: 1, segmentSize: 64L * 1024 * 1024, segmentAge: TimeSpan.FromHours(1), TimeProvider.System, listener);
        log.Post(RecordKind.Complete, Prefix(3));
        await Processing.RefAssuredWorkerTests.Eventually(() => listener.Events.Contains("written 1"));
        Assert.Equal(0, log.Flushes);

        await log.DisposeAsync();

        Assert.Equal(1, log.Flushes);
        Assert.Equal(["before", "written 1"], listener.Events);
    }

    [Fact]
    public async Task Post_AfterAnAwaitedWrite_DoesNotFlushAgain_WhenTheLogClosesWithNothingUnflushed()
    {
        var log = NewLog(TimeSpan.Zero);
        await log.WriteAsync(RecordKind.Append, Prefix(4));

        await log.DisposeAsync();

        Assert.Equal(1, log.Flushes);
    }

    private static RecordKind ReadKind(byte[] segment)
    {
        Assert.True(RecordCodec.TryReadHeader(segment, out var kind, out _, out _));
        return kind;
    }

    [Fact]
    public async Task Post_AfterTheLogClosed_IsReportedAsFailed()
    {
        var listener = new Listener();
        var log = new SegmentLog(_directory.Path, nextSegment: 1, segmentSize: 64L * 1024 * 1024, segmentAge: TimeSpan.FromHours(1), TimeProvider.System, listener);
        await log.DisposeAsync();

        log.Post(RecordKind.Complete, Prefix(1));

        Assert.Equal(["failed 1 RefAssuredInboxUnavailableException"], listener.Events);
    }

    private SegmentLog NewLog(TimeSpan gatherTime) =>
        new(_directory.Path, nextSegment: 1, segmentSize: 64L * 1024 * 1024, segmentAge: TimeSpan.FromHours(1), TimeProvider.System) { GatherTime = gatherTime };

    private sealed class Listener : ISegmentLogListener
    {
        private readonly List<string> _events = [];

        public List<string> Events
        {
            get
            {
                lock (_events)
                {
                    return [.. _events];
                }
            }
        }

        public void BeforeBatch() => Add("before");

        public void PostedWritten(long segment) => Add($"written {segment}");

        public void PostedFailed(Exception error, int count) => Add($"failed {count} {error.GetType().Name}");

        private void Add(string text)
        {
            lock (_events)
            {
                _events.Add(text);
            }
        }
    }

    // Queues a few appends at once until a batch held more than one of them, as under concurrent load.
    private static async Task PrimeWithSeveralWritersAsync(SegmentLog log)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            await Task.WhenAll(Enumerable.Range(0, 4).Select(i => log.WriteAsync(RecordKind.Append, Prefix(i))));
            if (log.LastBatchAppends >= 2)
            {
                return;
            }
        }

        Assert.Fail("No batch held appends from more than one writer.");
    }

    private static byte[] Prefix(int n) => System.Text.Encoding.UTF8.GetBytes($"record {n:D4}");
}

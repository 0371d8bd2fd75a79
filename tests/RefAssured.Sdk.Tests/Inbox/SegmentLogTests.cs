using Microsoft.Extensions.Time.Testing;

namespace RefAssured.Sdk.Tests.Inbox;

public sealed class SegmentLogTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Write_ManyQueuedAtOnce_ShareFlushes_AndEachIsStoredWhole()
    {
        await using var log = NewLog();

        var writes = Enumerable.Range(0, 200).Select(i => log.WriteAsync(RecordKind.Append, Prefix(i), new byte[] { (byte)i })).ToList();
        var locations = await Task.WhenAll(writes);

        // One flush costs far longer than queuing 200 records, so they cannot each have had their own.
        Assert.InRange(log.Flushes, 1, 199);
        var segment = await File.ReadAllBytesAsync(SegmentLog.SegmentPath(_directory.Path, 1), TestContext.Current.CancellationToken);
        for (var i = 0; i < locations.Length; i++)
        {
            Assert.Equal([(byte)i], ReadBody(segment, locations[i].Offset, Prefix(i)));
        }
    }

    [Fact]
    public async Task Write_OneAfterAnother_AreContiguousInTheOrderWritten()
    {
        await using var log = NewLog();

        var first = await log.WriteAsync(RecordKind.Append, Prefix(1));
        var second = await log.WriteAsync(RecordKind.Complete, Prefix(2));

        Assert.Equal(new RecordLocation(1, 0), first);
        Assert.Equal(new RecordLocation(1, RecordCodec.HeaderSize + Prefix(1).Length), second);
        Assert.Equal(2, log.Flushes);
    }

    [Fact]
    public async Task Write_LargeBodyBetweenSmallRecords_EachIsStoredWhole()
    {
        await using var log = NewLog();
        var body = new byte[(3 * 1024 * 1024) + 123];
        new Random(5).NextBytes(body);

        var small = await log.WriteAsync(RecordKind.Append, Prefix(1), new byte[] { 1, 2, 3 });
        var large = await log.WriteAsync(RecordKind.Append, Prefix(2), body);
        var after = await log.WriteAsync(RecordKind.Append, Prefix(3), new byte[] { 4, 5 });

        var segment = await File.ReadAllBytesAsync(SegmentLog.SegmentPath(_directory.Path, 1), TestContext.Current.CancellationToken);
        Assert.Equal(body, ReadBody(segment, large.Offset, Prefix(2)));
        Assert.Equal([1, 2, 3], ReadBody(segment, small.Offset, Prefix(1)));
        Assert.Equal([4, 5], ReadBody(segment, after.Offset, Prefix(3)));
        Assert.Equal(segment.Length, after.Offset + RecordCodec.HeaderSize + Prefix(3).Length + 2);
    }

    [Fact]
    public async Task Write_PastTheSegmentSize_StartsTheNextSegment()
    {
        await using var log = NewLog(segmentSize: 1024 * 1024);

        await log.WriteAsync(RecordKind.Append, Prefix(1), new byte[1024 * 1024]);
        var next = await log.WriteAsync(RecordKind.Append, Prefix(2));

        Assert.Equal(new RecordLocation(2, 0), next);
        Assert.Equal(2, log.ActiveSegment);
    }

    [Fact]
    public async Task Write_PastTheSegmentAge_StartsTheNextSegment()
    {
        await using var log = NewLog();
        await log.WriteAsync(RecordKind.Append, Prefix(1));

        _time.Advance(TimeSpan.FromHours(1));
        var next = await log.WriteAsync(RecordKind.Append, Prefix(2));

        Assert.Equal(new RecordLocation(2, 0), next);
    }

    [Fact]
    public async Task Open_WithSegmentsOnDisk_WritesToANewSegmentAfterThem()
    {
        await using var log = new SegmentLog(_directory.Path, new Dictionary<long, DateTimeOffset> { [3] = _time.GetUtcNow(), [7] = _time.GetUtcNow() }, 64L << 20, TimeSpan.FromHours(1), _time);

        var first = await log.WriteAsync(RecordKind.Append, Prefix(1));

        Assert.Equal(new RecordLocation(8, 0), first);
    }

    [Fact]
    public async Task ReadBody_ReturnsTheBodyWritten_AndRefusesADamagedRecord()
    {
        await using var log = NewLog();
        var prefix = RecordCodec.EncodeDelivery(new RefAssuredDelivery("01JDLOG0000000000000000001", RefAssuredEventType.SalesOptIn, _time.GetUtcNow(), ReadOnlyMemory<byte>.Empty), 3);
        var location = await log.WriteAsync(RecordKind.Append, prefix, new byte[] { 7, 8, 9 });

        Assert.Equal([7, 8, 9], log.ReadBody(location).ToArray());

        await using (var stream = new FileStream(SegmentLog.SegmentPath(_directory.Path, 1), FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
            stream.Position = RecordCodec.HeaderSize + prefix.Length + 1;
            stream.WriteByte(0);
        }

        Assert.Throws<InvalidDataException>(() => log.ReadBody(location));
    }

    [Fact]
    public async Task SegmentsWrittenBefore_ListsOldClosedSegmentsOnly_AndDeleteSegmentRemovesThem()
    {
        await using var log = NewLog();
        await log.WriteAsync(RecordKind.Append, Prefix(1));
        _time.Advance(TimeSpan.FromHours(2));
        await log.WriteAsync(RecordKind.Append, Prefix(2));
        _time.Advance(TimeSpan.FromHours(2));

        var old = log.SegmentsWrittenBefore(_time.GetUtcNow());
        log.DeleteSegment(1);

        Assert.Equal([1L], old);
        Assert.False(File.Exists(SegmentLog.SegmentPath(_directory.Path, 1)));
        Assert.Empty(log.SegmentsWrittenBefore(_time.GetUtcNow()));
        Assert.Throws<InvalidOperationException>(() => log.DeleteSegment(2));
    }

    [Fact]
    public async Task Dispose_WithWritesQueued_WritesThemFirst_ThenRefusesMore()
    {
        var log = NewLog();
        var writes = Enumerable.Range(0, 20).Select(i => log.WriteAsync(RecordKind.Append, Prefix(i))).ToList();

        await log.DisposeAsync();

        Assert.All(writes, w => Assert.True(w.IsCompletedSuccessfully));
        await Assert.ThrowsAsync<RefAssuredInboxUnavailableException>(() => log.WriteAsync(RecordKind.Append, Prefix(99)));
    }

    private SegmentLog NewLog(long segmentSize = 64L * 1024 * 1024) =>
        new(_directory.Path, new Dictionary<long, DateTimeOffset>(), segmentSize, TimeSpan.FromHours(1), _time);

    private static byte[] ReadBody(byte[] segment, long offset, byte[] prefix)
    {
        var record = segment.AsSpan((int)offset);
        Assert.True(RecordCodec.TryReadHeader(record, out var kind, out var length, out var crc));
        Assert.Equal(RecordKind.Append, kind);
        Assert.Equal(crc, Crc32C.Compute(record.Slice(RecordCodec.HeaderSize, length)));
        Assert.Equal(prefix, record.Slice(RecordCodec.HeaderSize, prefix.Length).ToArray());
        return record.Slice(RecordCodec.HeaderSize + prefix.Length, length - prefix.Length).ToArray();
    }

    private static byte[] Prefix(int n) => System.Text.Encoding.UTF8.GetBytes($"record {n:D4}");
}

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

    private SegmentLog NewLog(TimeSpan gatherTime) =>
        new(_directory.Path, nextSegment: 1, segmentSize: 64L * 1024 * 1024, segmentAge: TimeSpan.FromHours(1), TimeProvider.System) { GatherTime = gatherTime };

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

using Microsoft.Extensions.Time.Testing;

namespace RefAssured.Sdk.Tests.Inbox;

public sealed class RecoveryScannerTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(Start);

    public RecoveryScannerTests()
    {
        Directory.CreateDirectory(Segments);
        Directory.CreateDirectory(Quarantine);
    }

    private string Segments => Path.Combine(_directory.Path, "segments");

    private string Quarantine => Path.Combine(_directory.Path, "quarantine");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Scan_AppliesRecordsInOrder_AndKeepsWhatIsNotCompleted()
    {
        WriteSegment(1, [Append(1), Append(2), Append(3)]);
        WriteSegment(2, [
            Record(RecordKind.Complete, RecordCodec.EncodeMark(Id(1), Start)),
            Record(RecordKind.Fail, RecordCodec.EncodeFail(Id(2), 3, Start.AddMinutes(1), null, "crm down", new HashSet<string> { "ats" })),
            Record(RecordKind.Fail, RecordCodec.EncodeFail(Id(3), 1, Start.AddMinutes(2), Start.AddMinutes(9), "slow", new HashSet<string>())),
        ]);

        var state = Scan();

        var byId = state.Entries.ToDictionary(e => e.Id);
        Assert.Equal([Id(2), Id(3)], byId.Keys.Order(StringComparer.Ordinal));
        Assert.Equal((RefAssuredDeliveryState.DeadLettered, 3, "crm down"), (byId[Id(2)].State, byId[Id(2)].Delivery.Attempt, byId[Id(2)].LastError));
        Assert.Contains("ats", byId[Id(2)].Delivery.CompletedHandlers);
        Assert.Equal((RefAssuredDeliveryState.RetryScheduled, Start.AddMinutes(9)), (byId[Id(3)].State, byId[Id(3)].RetryAt));
        Assert.Equal(1, byId[Id(2)].Location.Segment);
        Assert.Equal([1L, 2L], state.Segments.Keys.Order());
        Assert.Equal(Start.AddMinutes(2), state.Segments[2]);
        Assert.Equal(0, state.Quarantined);
    }

    [Fact]
    public void Scan_SmallBodyIsHeld_LargeBodyStaysOnDisk()
    {
        WriteSegment(1, [Append(1, new byte[] { 1, 2 }), Append(2, new byte[100])]);

        var state = new RecoveryScanner(Segments, Quarantine, memoryBodyLimit: 50, observer: null, _time).Scan();

        var small = state.Entries.Single(e => e.Id == Id(1));
        var large = state.Entries.Single(e => e.Id == Id(2));
        Assert.Equal([1, 2], small.Delivery.Body.ToArray());
        Assert.False(small.BodyOnDisk);
        Assert.True(large.BodyOnDisk);
        Assert.True(large.Delivery.Body.IsEmpty);
        Assert.True(large.Location.Offset > 0);
    }

    [Fact]
    public void Scan_DamageBetweenRecords_IsQuarantined_AndTheRecordsAfterItAreKept()
    {
        WriteSegment(1, [Append(1), [.. "not a record at all"u8], Append(2)]);

        var state = Scan();

        Assert.Equal([Id(1), Id(2)], state.Entries.Select(e => e.Id).Order(StringComparer.Ordinal));
        Assert.Equal(1, state.Quarantined);
        Assert.Equal("not a record at all"u8.ToArray(), File.ReadAllBytes(Assert.Single(Directory.GetFiles(Quarantine, "*.bin"))));
        Assert.Contains("damaged bytes between records", File.ReadAllText(Path.Combine(Quarantine, "quarantine.log")), StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_TornTailOfTheLastSegment_IsQuarantinedAndCutOff()
    {
        var whole = Append(1);
        WriteSegment(1, [whole, Append(2)[..30]]);

        var state = Scan();

        Assert.Equal([Id(1)], state.Entries.Select(e => e.Id));
        Assert.Equal(1, state.Quarantined);
        Assert.Equal(whole, File.ReadAllBytes(SegmentLog.SegmentPath(Segments, 1)));
        Assert.Contains("a torn or damaged tail", File.ReadAllText(Path.Combine(Quarantine, "quarantine.log")), StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_TornTailOfAnEarlierSegment_IsQuarantinedButLeftInPlace()
    {
        WriteSegment(1, [Append(1), Append(2)[..30]]);
        WriteSegment(2, [Append(3)]);
        var before = File.ReadAllBytes(SegmentLog.SegmentPath(Segments, 1));

        var state = Scan();

        Assert.Equal([Id(1), Id(3)], state.Entries.Select(e => e.Id).Order(StringComparer.Ordinal));
        Assert.Equal(before, File.ReadAllBytes(SegmentLog.SegmentPath(Segments, 1)));
    }

    [Fact]
    public void Scan_ReplayAndPurge_ApplyToDeadLetters()
    {
        WriteSegment(1, [
            Append(1),
            Append(2),
            Record(RecordKind.Fail, RecordCodec.EncodeFail(Id(1), 4, Start, null, "x", new HashSet<string>())),
            Record(RecordKind.Fail, RecordCodec.EncodeFail(Id(2), 4, Start, null, "x", new HashSet<string>())),
            Record(RecordKind.Replay, RecordCodec.EncodeMark(Id(1), Start)),
            Record(RecordKind.Purge, RecordCodec.EncodeMark(Id(2), Start)),
        ]);

        var entry = Assert.Single(Scan().Entries);

        Assert.Equal((Id(1), RefAssuredDeliveryState.Pending, 1), (entry.Id, entry.State, entry.Delivery.Attempt));
    }

    [Fact]
    public void Scan_RecordLargerThanTheWholeReadLimit_IsCheckedInChunksAndKeptOnDisk()
    {
        var body = new byte[SegmentReader.WholeRecordLimit + (SegmentReader.PrefixWindow / 2) + 3];
        new Random(3).NextBytes(body);
        WriteSegment(1, [Append(1), Append(2, body), Append(3)]);

        var state = Scan();

        Assert.Equal([Id(1), Id(2), Id(3)], state.Entries.Select(e => e.Id).Order(StringComparer.Ordinal));
        var large = state.Entries.Single(e => e.Id == Id(2));
        Assert.True(large.BodyOnDisk);
        Assert.Equal(0, state.Quarantined);
    }

    [Fact]
    public void Scan_RecordLargerThanTheWholeReadLimitDamagedNearItsEnd_IsQuarantined()
    {
        var body = new byte[SegmentReader.WholeRecordLimit + 1000];
        var record = Append(2, body);
        record[^10] ^= 0x01;
        WriteSegment(1, [Append(1), record, Append(3)]);

        var state = Scan();

        Assert.Equal([Id(1), Id(3)], state.Entries.Select(e => e.Id).Order(StringComparer.Ordinal));
        Assert.Equal(1, state.Quarantined);
        Assert.Equal(record, File.ReadAllBytes(Assert.Single(Directory.GetFiles(Quarantine, "*.bin"))));
    }

    private RecoveredState Scan() => new RecoveryScanner(Segments, Quarantine, memoryBodyLimit: 1024 * 1024, observer: null, _time).Scan();

    private void WriteSegment(long segment, byte[][] records) =>
        File.WriteAllBytes(SegmentLog.SegmentPath(Segments, segment), records.SelectMany(r => r).ToArray());

    private static string Id(int n) => "01JDSCAN" + n.ToString("D18", System.Globalization.CultureInfo.InvariantCulture);

    private static byte[] Append(int n, byte[]? body = null)
    {
        body ??= [(byte)n];
        var delivery = new RefAssuredDelivery(Id(n), RefAssuredEventType.SalesOptIn, Start.AddSeconds(n), body);
        return Record(RecordKind.Append, [.. RecordCodec.EncodeDelivery(delivery, body.Length), .. body]);
    }

    private static byte[] Record(RecordKind kind, byte[] payload)
    {
        var header = new byte[RecordCodec.HeaderSize];
        RecordCodec.WriteHeader(header, kind, payload, default);
        return [.. header, .. payload];
    }
}

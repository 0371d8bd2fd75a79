using Microsoft.Extensions.Time.Testing;

namespace RefAssured.Sdk.Tests.Inbox;

public sealed class StoredBodyTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Read_RecordMovedAndItsOldSegmentRemoved_ReadsItAtItsNewPlace()
    {
        await using var log = new SegmentLog(_directory.Path, new Dictionary<long, DateTimeOffset>(), 64L << 20, TimeSpan.FromHours(1), _time);
        var scheduler = new DeliveryScheduler(_time);
        var delivery = new RefAssuredDelivery("01JDBODY000000000000000001", RefAssuredEventType.ReferenceReport, _time.GetUtcNow(), ReadOnlyMemory<byte>.Empty);
        var entry = new DeliveryEntry(delivery) { BodyOnDisk = true };
        scheduler.TryAdd(entry);
        var old = await log.WriteAsync(RecordKind.Append, RecordCodec.EncodeDelivery(delivery, 3), new byte[] { 1, 2, 3 });
        _time.Advance(TimeSpan.FromHours(1));
        var moved = await log.WriteAsync(RecordKind.Snapshot, RecordCodec.EncodeDelivery(delivery, 3, entry), new byte[] { 1, 2, 3 });
        scheduler.TryUpdate(entry, e => e.Location = moved);
        log.DeleteSegment(old.Segment);

        var body = StoredBody.Read(log, scheduler, entry, old);

        Assert.Equal([1, 2, 3], body.ToArray());
        Assert.NotEqual(old.Segment, moved.Segment);
    }

    [Fact]
    public async Task Read_RecordDamagedWhereItStillIs_Throws()
    {
        await using var log = new SegmentLog(_directory.Path, new Dictionary<long, DateTimeOffset>(), 64L << 20, TimeSpan.FromHours(1), _time);
        var scheduler = new DeliveryScheduler(_time);
        var delivery = new RefAssuredDelivery("01JDBODY000000000000000002", RefAssuredEventType.ReferenceReport, _time.GetUtcNow(), ReadOnlyMemory<byte>.Empty);
        var entry = new DeliveryEntry(delivery) { BodyOnDisk = true };
        scheduler.TryAdd(entry);
        var location = await log.WriteAsync(RecordKind.Append, RecordCodec.EncodeDelivery(delivery, 3), new byte[] { 1, 2, 3 });
        scheduler.TryUpdate(entry, e => e.Location = location);
        await using (var stream = new FileStream(SegmentLog.SegmentPath(_directory.Path, location.Segment), FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
            stream.Write(new byte[RecordCodec.HeaderSize]);
        }

        Assert.Throws<InvalidDataException>(() => StoredBody.Read(log, scheduler, entry, location));
    }
}

namespace RefAssured.Sdk.Tests.Inbox;

public sealed partial class FileRefAssuredInboxTests
{
    // A segment past 2 GiB made cheaply: two records, a sparse hole up to just past the 2 GiB
    // mark, then two more records. The hole reads as zeros, which recovery sets aside like any
    // bytes that are not a record. On a small tmpfs (when mounting is allowed) nothing of the hole
    // can take real space: writing it out, in the segment or its quarantined copy, would fail.
    [Fact]
    public async Task Open_SegmentOver2GiB_RecoversTheRecordsBeforeAndAfterTheMark()
    {
        var root = Path.Combine(_directory.Path, "large");
        Directory.CreateDirectory(root);
        var mounted = await Run("mount", $"-t tmpfs -o size=64m tmpfs {root}");
        try
        {
            var options = new FileRefAssuredInboxOptions { Directory = Path.Combine(root, "inbox") };
            var largeBody = new byte[(3 * MiB / 2) + 11];
            new Random(17).NextBytes(largeBody);
            var deliveries = new[]
            {
                NewDelivery(1),
                NewDelivery(2) with { EventType = RefAssuredEventType.ReferenceReport, Body = largeBody },
                NewDelivery(3),
                NewDelivery(4) with { EventType = RefAssuredEventType.ReferenceReport, Body = largeBody.Reverse().ToArray() },
            };
            await using (var inbox = new FileRefAssuredInbox(options, _time))
            {
                await inbox.AppendAsync(deliveries[0], TestContext.Current.CancellationToken);
                await inbox.AppendAsync(deliveries[1], TestContext.Current.CancellationToken);
            }

            var segment = Assert.Single(Directory.GetFiles(Path.Combine(options.Directory, "segments")));
            var mark = (2L * 1024 * MiB) + 4099;
            await using (var stream = new FileStream(segment, FileMode.Open, FileAccess.Write))
            {
                stream.SetLength(mark);
                stream.Position = mark;
                stream.Write(AppendRecord(deliveries[2]));
                stream.Write(AppendRecord(deliveries[3]));
            }

            await using var reopened = new FileRefAssuredInbox(options, _time);
            var recovered = await ReadAsync(reopened, 4, TimeSpan.FromSeconds(60));
            await reopened.AppendAsync(NewDelivery(5), TestContext.Current.CancellationToken);

            Assert.Equal(deliveries.Select(d => d.DeliveryId), recovered.Select(d => d.DeliveryId));
            Assert.Equal(deliveries.Select(d => d.Body.ToArray()), recovered.Select(d => d.Body.ToArray()));
            Assert.Equal(1, (await reopened.GetStatisticsAsync(TestContext.Current.CancellationToken)).Quarantined);
            Assert.True(new FileInfo(segment).Length > int.MaxValue);
            Assert.Equal(2, Directory.GetFiles(Path.Combine(options.Directory, "segments")).Length);
        }
        finally
        {
            if (mounted)
            {
                await Run("umount", root);
            }
        }
    }

    private static byte[] AppendRecord(RefAssuredDelivery delivery)
    {
        byte[] payload = [.. RecordCodec.EncodeDelivery(delivery, delivery.Body.Length), .. delivery.Body.Span];
        var header = new byte[RecordCodec.HeaderSize];
        RecordCodec.WriteHeader(header, RecordKind.Append, payload, default);
        return [.. header, .. payload];
    }
}

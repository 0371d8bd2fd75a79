using System.Diagnostics;

namespace RefAssured.Sdk.Tests.Inbox;

[Trait("Category", "Integration")]
public sealed partial class FileRefAssuredInboxTests
{
    public static TheoryData<string> Damages => ["truncated", "zero-filled", "zero-filled-last", "garbage-inserted", "garbage-appended", "garbage-segment", "flipped-length"];

    [Theory]
    [MemberData(nameof(Damages))]
    public async Task Open_DamagedSegment_QuarantinesTheDamageAndRecoversTheRest(string damage)
    {
        var deliveries = Enumerable.Range(0, 4).Select(i => NewDelivery(i)).ToList();
        await using (var inbox = NewInbox())
        {
            foreach (var delivery in deliveries)
            {
                await inbox.AppendAsync(delivery, TestContext.Current.CancellationToken);
            }
        }

        var segment = Directory.GetFiles(Path.Combine(_directory.Path, "segments"), "*.log").Single();
        var bytes = await File.ReadAllBytesAsync(segment, TestContext.Current.CancellationToken);
        var offsets = RecordOffsets(bytes);
        var expected = deliveries.Select(d => d.DeliveryId).ToList();
        switch (damage)
        {
            case "truncated":
                // A crash in the middle of writing the last record.
                bytes = bytes[..(offsets[3] + 30)];
                expected.RemoveAt(3);
                break;
            case "zero-filled":
                Array.Clear(bytes, offsets[1], offsets[2] - offsets[1]);
                expected.RemoveAt(1);
                break;
            case "zero-filled-last":
                // Zeros are damage wherever they are, also at the end.
                Array.Clear(bytes, offsets[3], bytes.Length - offsets[3]);
                expected.RemoveAt(3);
                break;
            case "garbage-inserted":
                bytes = [.. bytes[..offsets[2]], .. Garbage(500), .. bytes[offsets[2]..]];
                break;
            case "garbage-appended":
                bytes = [.. bytes, .. Garbage(1000)];
                break;
            case "flipped-length":
                bytes[offsets[2] + 9] ^= 0x7F;
                expected.RemoveAt(2);
                break;
        }

        await File.WriteAllBytesAsync(segment, bytes, TestContext.Current.CancellationToken);
        if (damage == "garbage-segment")
        {
            await File.WriteAllBytesAsync(Path.Combine(Path.GetDirectoryName(segment)!, "000000000000.log"), Garbage(4096), TestContext.Current.CancellationToken);
        }

        var observer = new FailureObserver();
        await using var reopened = NewInbox(o => o.Observer = observer);
        var stats = await reopened.GetStatisticsAsync(TestContext.Current.CancellationToken);
        var recovered = await ReadAsync(reopened, expected.Count);

        Assert.Equal(expected, recovered.Select(d => d.DeliveryId));
        Assert.Equal(1, stats.Quarantined);
        var quarantined = Directory.GetFiles(Path.Combine(_directory.Path, "quarantine"), "*.bin");
        Assert.Single(quarantined);
        Assert.Contains("quarantine/", await File.ReadAllTextAsync(Path.Combine(_directory.Path, "quarantine", "quarantine.log"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal("recover", Assert.Single(observer.Operations));
    }

    [Fact]
    public async Task Open_TornRecordAfterTheLast_QuarantinesTheTornBytesAlone()
    {
        var deliveries = Enumerable.Range(0, 3).Select(i => NewDelivery(i)).ToList();
        var (_, closed) = await TearLastRecordAsync(deliveries);
        await using var reopened = NewInbox();
        var stats = await reopened.GetStatisticsAsync(TestContext.Current.CancellationToken);

        Assert.Equal(deliveries.Select(d => d.DeliveryId), (await ReadAsync(reopened, 3)).Select(d => d.DeliveryId));
        Assert.Equal(1, stats.Quarantined);
        var quarantined = Assert.Single(Directory.GetFiles(Path.Combine(_directory.Path, "quarantine"), "*.bin"));
        Assert.Equal(closed.AsSpan(0, 40).ToArray(), await File.ReadAllBytesAsync(quarantined, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Open_TornTailOfTheLastSegment_IsQuarantinedOnceAndCutOff()
    {
        var deliveries = Enumerable.Range(0, 3).Select(i => NewDelivery(i)).ToList();
        var (segment, closed) = await TearLastRecordAsync(deliveries);

        await using (var first = NewInbox())
        {
            Assert.Equal(1, (await first.GetStatisticsAsync(TestContext.Current.CancellationToken)).Quarantined);
        }

        // The torn bytes are in quarantine and off the segment: the next start finds nothing to report.
        Assert.Equal(closed, await File.ReadAllBytesAsync(segment, TestContext.Current.CancellationToken));
        var observer = new FailureObserver();
        await using var second = NewInbox(o => o.Observer = observer);

        Assert.Equal(0, (await second.GetStatisticsAsync(TestContext.Current.CancellationToken)).Quarantined);
        Assert.Empty(observer.Operations);
        Assert.Equal(deliveries.Select(d => d.DeliveryId), (await ReadAsync(second, 3)).Select(d => d.DeliveryId));
        Assert.Equal(closed.AsSpan(0, 40).ToArray(), await File.ReadAllBytesAsync(Assert.Single(Directory.GetFiles(Path.Combine(_directory.Path, "quarantine"), "*.bin")), TestContext.Current.CancellationToken));
    }

    // Leaves the segment as a crash would while a record after the deliveries was being written:
    // only its first 40 bytes reached the file. Returns the segment and its bytes before the tear.
    private async Task<(string Segment, byte[] Closed)> TearLastRecordAsync(List<RefAssuredDelivery> deliveries)
    {
        await using (var inbox = NewInbox())
        {
            foreach (var delivery in deliveries)
            {
                await inbox.AppendAsync(delivery, TestContext.Current.CancellationToken);
            }
        }

        var segment = Directory.GetFiles(Path.Combine(_directory.Path, "segments"), "*.log").Single();
        var closed = await File.ReadAllBytesAsync(segment, TestContext.Current.CancellationToken);
        await File.WriteAllBytesAsync(segment, [.. closed, .. closed.AsSpan(0, 40)], TestContext.Current.CancellationToken);
        return (segment, closed);
    }

    [Fact]
    public async Task Open_AfterQuarantine_NewAppendsAreRecoveredToo()
    {
        await using (var inbox = NewInbox())
        {
            await inbox.AppendAsync(NewDelivery(1), TestContext.Current.CancellationToken);
        }

        var segment = Directory.GetFiles(Path.Combine(_directory.Path, "segments"), "*.log").Single();
        await File.AppendAllTextAsync(segment, "torn", TestContext.Current.CancellationToken);
        await using (var damaged = NewInbox())
        {
            await damaged.AppendAsync(NewDelivery(2), TestContext.Current.CancellationToken);
        }

        await using var reopened = NewInbox();

        Assert.Equal([NewDelivery(1).DeliveryId, NewDelivery(2).DeliveryId], (await ReadAsync(reopened, 2)).Select(d => d.DeliveryId));
    }

    [Fact]
    public async Task Append_DirectoryCannotBeCreated_IsUnavailableAndReceiverAnswers503()
    {
        var file = Path.Combine(_directory.Path, "not-a-directory");
        await File.WriteAllTextAsync(file, "x", TestContext.Current.CancellationToken);
        await using var inbox = new FileRefAssuredInbox(new FileRefAssuredInboxOptions { Directory = Path.Combine(file, "inbox") });
        var receiver = new RefAssuredReceiver(inbox, new RefAssuredReceiverOptions { Keys = new RefAssuredKeySet(Receiving.ReceiverHarness.Key) });

        var outcome = await receiver.ReceiveAsync(Receiving.ReceiverHarness.Request("sales-optin", Fixture.Bytes(Fixture.SalesOptIn)), TestContext.Current.CancellationToken);

        Assert.Equal(503, outcome.StatusCode);
        Assert.Contains("the inbox is unavailable or full", outcome.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(_directory.Path, outcome.Detail, StringComparison.Ordinal);
        await Assert.ThrowsAsync<RefAssuredInboxUnavailableException>(async () => await inbox.OpenAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Append_ReadOnlyDirectory_Answers503()
    {
        var directory = Path.Combine(_directory.Path, "immutable");
        Directory.CreateDirectory(directory);
        Assert.SkipUnless(await Run("chattr", $"+i {directory}"), "chattr +i is not available on this file system, so a directory cannot be made read-only for root.");
        try
        {
            await using var inbox = new FileRefAssuredInbox(new FileRefAssuredInboxOptions { Directory = directory });
            var receiver = new RefAssuredReceiver(inbox, new RefAssuredReceiverOptions { Keys = new RefAssuredKeySet(Receiving.ReceiverHarness.Key) });

            var outcome = await receiver.ReceiveAsync(Receiving.ReceiverHarness.Request("sales-optin", Fixture.Bytes(Fixture.SalesOptIn)), TestContext.Current.CancellationToken);

            Assert.Equal(503, outcome.StatusCode);
            Assert.Equal(RefAssuredReceiveStatus.StoreUnavailable, outcome.Status);
        }
        finally
        {
            await Run("chattr", $"-i {directory}");
        }
    }

    [Fact]
    public async Task Append_DiskFull_Answers503AndKeepsEverythingAccepted()
    {
        var mountPoint = await MountTinyDiskAsync("tiny");
        try
        {
            var accepted = new List<string>();
            var body = new byte[20_000];
            var options = new FileRefAssuredInboxOptions { Directory = Path.Combine(mountPoint, "inbox") };
            RefAssuredReceiveOutcome? refused = null;
            await using (var inbox = new FileRefAssuredInbox(options))
            {
                var receiver = new RefAssuredReceiver(inbox, new RefAssuredReceiverOptions { Keys = new RefAssuredKeySet(Receiving.ReceiverHarness.Key) });
                var payload = System.Text.Encoding.UTF8.GetBytes("{\"textNote\":\"" + new string('x', 20_000) + "\"}");
                for (var i = 0; i < 100 && refused is null; i++)
                {
                    var outcome = await receiver.ReceiveAsync(Receiving.ReceiverHarness.Request("candidate-notes", payload), TestContext.Current.CancellationToken);
                    if (outcome.IsAccepted)
                    {
                        accepted.Add(outcome.DeliveryId!);
                    }
                    else
                    {
                        refused = outcome;
                    }
                }
            }

            Assert.NotNull(refused);
            Assert.Equal(503, refused.StatusCode);
            // The system's error text and the path go to the server's log only, not to the sender.
            Assert.Contains("the inbox is unavailable or full", refused.Detail, StringComparison.Ordinal);
            Assert.DoesNotContain("No space left on device", refused.Detail, StringComparison.Ordinal);
            Assert.DoesNotContain(mountPoint, refused.Detail, StringComparison.Ordinal);
            Assert.NotEmpty(accepted);
            await using var reopened = new FileRefAssuredInbox(options);
            Assert.Equal(accepted, (await ReadAsync(reopened, accepted.Count)).Select(d => d.DeliveryId));
            Assert.Equal(0, (await reopened.GetStatisticsAsync(TestContext.Current.CancellationToken)).Quarantined);
        }
        finally
        {
            await Run("umount", mountPoint);
        }
    }

    [Fact]
    public async Task Complete_DiskFull_IsReportedAndTheDeliveryIsHandedOutAgainAfterReopening()
    {
        var mountPoint = await MountTinyDiskAsync("tiny-complete");
        try
        {
            var observer = new FailureObserver();
            var options = new FileRefAssuredInboxOptions { Directory = Path.Combine(mountPoint, "inbox"), Observer = observer };
            var filler = Path.Combine(mountPoint, "filler");
            var delivery = NewDelivery(1);
            await using (var inbox = new FileRefAssuredInbox(options))
            {
                await inbox.AppendAsync(delivery, TestContext.Current.CancellationToken);
                var handedOut = Assert.Single(await ReadAsync(inbox, 1));
                await FillLastPageAndDiskAsync(inbox, options.Directory, filler);

                await inbox.CompleteAsync(handedOut, TestContext.Current.CancellationToken);
                await WaitUntil(() => observer.Operations.Contains("complete"));
            }

            File.Delete(filler);
            await using var reopened = new FileRefAssuredInbox(options);
            var again = await ReadAsync(reopened, 3);
            Assert.Contains(delivery.DeliveryId, again.Select(d => d.DeliveryId));
            Assert.Equal(0, (await reopened.GetStatisticsAsync(TestContext.Current.CancellationToken)).Quarantined);
        }
        finally
        {
            await Run("umount", mountPoint);
        }
    }

    [Fact]
    public async Task Purge_DiskFull_FailsAndTheDeadLetterStays()
    {
        var mountPoint = await MountTinyDiskAsync("tiny-purge");
        try
        {
            var options = new FileRefAssuredInboxOptions { Directory = Path.Combine(mountPoint, "inbox") };
            var delivery = NewDelivery(1);
            await using var inbox = new FileRefAssuredInbox(options);
            await inbox.AppendAsync(delivery, TestContext.Current.CancellationToken);
            var handedOut = Assert.Single(await ReadAsync(inbox, 1));
            await inbox.FailAsync(handedOut, new RefAssuredDeliveryFailure("crm: down", null), TestContext.Current.CancellationToken);
            await FillLastPageAndDiskAsync(inbox, options.Directory, Path.Combine(mountPoint, "filler"));

            await Assert.ThrowsAsync<RefAssuredInboxUnavailableException>(async () => await inbox.PurgeAsync(delivery.DeliveryId, TestContext.Current.CancellationToken));

            var letter = Assert.Single(await inbox.ListDeadLettersAsync(TestContext.Current.CancellationToken));
            Assert.Equal(delivery.DeliveryId, letter.Delivery.DeliveryId);
            Assert.Equal(1, (await inbox.GetStatisticsAsync(TestContext.Current.CancellationToken)).DeadLettered);
        }
        finally
        {
            await Run("umount", mountPoint);
        }
    }

    // Mounts a 256 KB tmpfs under the test directory, or skips the test where that is not allowed.
    private async Task<string> MountTinyDiskAsync(string name)
    {
        var mountPoint = Path.Combine(_directory.Path, name);
        Directory.CreateDirectory(mountPoint);
        Assert.SkipUnless(await Run("mount", $"-t tmpfs -o size=256k tmpfs {mountPoint}"), "mounting a small tmpfs needs root and mount rights, which this machine does not give.");
        return mountPoint;
    }

    // Pads the inbox's single segment to a whole page with two appends (ids 90 and 91), then
    // fills the disk, so that the next record needs a page the disk no longer has.
    private static async Task FillLastPageAndDiskAsync(FileRefAssuredInbox inbox, string directory, string filler)
    {
        var segment = Assert.Single(Directory.GetFiles(Path.Combine(directory, "segments")));
        var before = new FileInfo(segment).Length;
        await inbox.AppendAsync(NewDelivery(90) with { Body = new byte[100] }, TestContext.Current.CancellationToken);
        var overhead = new FileInfo(segment).Length - before - 100;
        var slack = (int)(4096 - (new FileInfo(segment).Length % 4096));
        var padding = slack > overhead ? slack - (int)overhead : slack + 4096 - (int)overhead;
        await inbox.AppendAsync(NewDelivery(91) with { Body = new byte[padding] }, TestContext.Current.CancellationToken);
        Assert.Equal(0, new FileInfo(segment).Length % 4096);
        FillDisk(filler);
    }

    private static void FillDisk(string path)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        var chunk = new byte[4096];
        try
        {
            while (true)
            {
                stream.Write(chunk);
            }
        }
        catch (IOException)
        {
        }
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    private static List<int> RecordOffsets(byte[] bytes)
    {
        var offsets = new List<int>();
        var position = 0;
        while (position < bytes.Length)
        {
            offsets.Add(position);
            position += 24 + BitConverter.ToInt32(bytes, position + 8);
        }

        return offsets;
    }

    private static byte[] Garbage(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        return bytes;
    }

    private static async Task<bool> Run(string command, string arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(command, arguments) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private sealed class FailureObserver : RefAssuredObserver
    {
        public List<string> Operations { get; } = [];

        public override void InboxFailed(string operation, Exception exception) => Operations.Add(operation);
    }
}

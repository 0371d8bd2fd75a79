namespace RefAssured.Sdk.Tests.Inbox;

public sealed partial class FileRefAssuredInboxTests
{
    private const long MiB = 1024 * 1024;

    [Fact]
    public async Task Append_PastSizeQuota_Throws503Error_AndResumesOnceRetentionFreesSpace()
    {
        var body = new byte[300_000];
        await using var inbox = NewInbox(o =>
        {
            o.SegmentSize = MiB;
            o.SizeQuota = 3 * MiB;
            o.CompletedBodyRetention = TimeSpan.FromDays(1);
        });
        var accepted = 0;
        RefAssuredInboxUnavailableException? refused = null;
        for (var i = 1; i <= 40 && refused is null; i++)
        {
            try
            {
                await inbox.AppendAsync(NewDelivery(i) with { Body = body }, TestContext.Current.CancellationToken);
                accepted++;
            }
            catch (RefAssuredInboxUnavailableException ex)
            {
                refused = ex;
            }
        }

        Assert.NotNull(refused);
        Assert.Equal("The inbox is full: its size quota is reached.", refused.Message);
        Assert.InRange(accepted, 5, 10);
        Assert.InRange(DirectorySize(), 2 * MiB, 3 * MiB);

        foreach (var delivery in await ReadAsync(inbox, accepted))
        {
            await inbox.CompleteAsync(delivery, TestContext.Current.CancellationToken);
        }

        _time.Advance(TimeSpan.FromDays(2));
        await inbox.MaintainAsync();
        await inbox.AppendAsync(NewDelivery(100) with { Body = body, ReceivedAt = _time.GetUtcNow() }, TestContext.Current.CancellationToken);

        Assert.Equal(1, (await inbox.GetStatisticsAsync(TestContext.Current.CancellationToken)).Pending);
        Assert.True(DirectorySize() < 2 * MiB);
    }

    [Fact]
    public void Options_QuotaBelowTwoSegments_IsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => NewInbox(o => o.SizeQuota = o.SegmentSize));

        Assert.Contains("SizeQuota", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Append_RecordsPastTheSegmentSize_StartNewSegments_AndALargerBodyHasOneOfItsOwn()
    {
        var large = NewDelivery(50) with { EventType = RefAssuredEventType.ReferenceReport, Body = new byte[(3 * MiB) + 7] };
        await using (var inbox = NewInbox(o => o.SegmentSize = MiB))
        {
            // Concurrent appends share a batch, which must be split at the cap too.
            await Task.WhenAll(Enumerable.Range(1, 12).Select(i => inbox.AppendAsync(NewDelivery(i) with { Body = new byte[200_000] }, TestContext.Current.CancellationToken).AsTask()));
            await inbox.AppendAsync(large, TestContext.Current.CancellationToken);
            await inbox.AppendAsync(NewDelivery(51), TestContext.Current.CancellationToken);
        }

        var lengths = Directory.GetFiles(Path.Combine(_directory.Path, "segments"), "*.log").Order(StringComparer.Ordinal).Select(f => new FileInfo(f).Length).ToList();
        var largest = lengths.Max();
        Assert.True(lengths.Count >= 5, $"{lengths.Count} segments");
        Assert.True(largest > 3 * MiB && largest < (3 * MiB) + 4096, $"The large body's segment is {largest} bytes.");
        Assert.All(lengths.Where(l => l != largest), l => Assert.InRange(l, 1, MiB));

        await using var reopened = NewInbox();
        var recovered = await ReadAsync(reopened, 14);
        Assert.Equal(14, recovered.Count);
        Assert.Equal(large.Body.Length, recovered.Single(d => d.DeliveryId == large.DeliveryId).Body.Length);
    }

    [Fact]
    public async Task Maintain_DeadLetterPastItsRetention_IsRemovedWithItsBody_AndAnExpiredEntryStays()
    {
        var old = NewDelivery(1);
        var recent = NewDelivery(2);
        await using (var inbox = NewInbox(o => o.DeadLetterRetention = TimeSpan.FromDays(30)))
        {
            await inbox.AppendAsync(old, TestContext.Current.CancellationToken);
            await inbox.AppendAsync(recent, TestContext.Current.CancellationToken);
            var taken = await ReadAsync(inbox, 2);
            await inbox.FailAsync(taken[0], new RefAssuredDeliveryFailure("crm: TimeoutException", null), TestContext.Current.CancellationToken);

            _time.Advance(TimeSpan.FromDays(20));
            await inbox.FailAsync(taken[1], new RefAssuredDeliveryFailure("crm: TimeoutException", null), TestContext.Current.CancellationToken);
            await inbox.MaintainAsync();
            Assert.Equal(2, (await inbox.ListDeadLettersAsync(TestContext.Current.CancellationToken)).Count);

            _time.Advance(TimeSpan.FromDays(11));
            await inbox.MaintainAsync();

            Assert.Equal(recent.DeliveryId, Assert.Single(await inbox.ListDeadLettersAsync(TestContext.Current.CancellationToken)).Delivery.DeliveryId);
            var expired = Assert.Single(await inbox.ReadAuditTrailAsync(TestContext.Current.CancellationToken).Where(e => e.Outcome == "expired").ToListAsync(TestContext.Current.CancellationToken));
            Assert.Equal((old.DeliveryId, "crm: TimeoutException"), (expired.DeliveryId, expired.Error));
        }

        await using var reopened = NewInbox();
        var letter = Assert.Single(await reopened.ListDeadLettersAsync(TestContext.Current.CancellationToken));
        Assert.Equal(recent.Body.ToArray(), letter.Delivery.Body.ToArray());
        // The open inbox holds its lock file, which cannot be read meanwhile; it holds no bytes at all.
        var lockFile = Path.Combine(_directory.Path, "inbox.lock");
        Assert.Equal(0, new FileInfo(lockFile).Length);
        Assert.All(Directory.GetFiles(_directory.Path, "*", SearchOption.AllDirectories).Where(f => f != lockFile), f => Assert.True(File.ReadAllBytes(f).AsSpan().IndexOf(old.Body.Span) < 0, $"{Path.GetFileName(f)} still holds the expired body."));
    }

    [Fact]
    public async Task Maintain_QuarantinePastTheDeadLetterRetention_IsRemoved()
    {
        await using (var inbox = NewInbox())
        {
            await inbox.AppendAsync(NewDelivery(1), TestContext.Current.CancellationToken);
        }

        var segment = Directory.GetFiles(Path.Combine(_directory.Path, "segments"), "*.log").Single();
        await File.AppendAllBytesAsync(segment, "damaged tail"u8.ToArray(), TestContext.Current.CancellationToken);
        var quarantine = Path.Combine(_directory.Path, "quarantine");
        await using var reopened = NewInbox(o => o.DeadLetterRetention = TimeSpan.FromDays(30));
        await reopened.OpenAsync(TestContext.Current.CancellationToken);
        var copy = Assert.Single(Directory.GetFiles(quarantine, "*.bin"));

        _time.Advance(TimeSpan.FromDays(29));
        await reopened.MaintainAsync();
        Assert.True(File.Exists(copy));
        Assert.Single(await File.ReadAllLinesAsync(Path.Combine(quarantine, "quarantine.log"), TestContext.Current.CancellationToken));

        _time.Advance(TimeSpan.FromDays(2));
        await reopened.MaintainAsync();
        Assert.False(File.Exists(copy));
        Assert.Empty(await File.ReadAllLinesAsync(Path.Combine(quarantine, "quarantine.log"), TestContext.Current.CancellationToken));
    }

    private long DirectorySize() =>
        Directory.GetFiles(_directory.Path, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
}

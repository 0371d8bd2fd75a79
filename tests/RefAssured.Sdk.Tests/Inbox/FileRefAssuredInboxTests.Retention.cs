namespace RefAssured.Sdk.Tests.Inbox;

public sealed partial class FileRefAssuredInboxTests
{
    [Fact]
    public async Task Maintain_OldSegment_IsRemovedAfterCarryingOverWhatStillWaits()
    {
        var completed = NewDelivery(1);
        var waiting = NewDelivery(2);
        var dead = NewDelivery(3);
        var later = NewDelivery(4);
        var segments = Path.Combine(_directory.Path, "segments");
        await using (var inbox = NewInbox(o => o.CompletedBodyRetention = TimeSpan.FromDays(1)))
        {
            foreach (var delivery in new[] { completed, waiting, dead })
            {
                await inbox.AppendAsync(delivery, TestContext.Current.CancellationToken);
            }

            var taken = await ReadAsync(inbox, 3);
            await inbox.CompleteAsync(taken[0], TestContext.Current.CancellationToken);
            await inbox.ReleaseAsync(taken[1], TestContext.Current.CancellationToken);
            await inbox.FailAsync(taken[2] with { Attempt = 3 }, new RefAssuredDeliveryFailure("crm: down", null), TestContext.Current.CancellationToken);
            var firstSegment = Assert.Single(Directory.GetFiles(segments));

            _time.Advance(TimeSpan.FromDays(2));
            await inbox.AppendAsync(later with { ReceivedAt = _time.GetUtcNow() }, TestContext.Current.CancellationToken);
            await inbox.MaintainAsync();

            Assert.False(File.Exists(firstSegment));
            Assert.Single(Directory.GetFiles(segments));
        }

        await using var reopened = NewInbox();
        var stats = await reopened.GetStatisticsAsync(TestContext.Current.CancellationToken);
        var recovered = await ReadAsync(reopened, 2);
        var letter = Assert.Single(await reopened.ListDeadLettersAsync(TestContext.Current.CancellationToken));

        Assert.Equal((2, 1, 0), (stats.Pending, stats.DeadLettered, stats.Quarantined));
        Assert.Equal([waiting.DeliveryId, later.DeliveryId], recovered.Select(d => d.DeliveryId));
        Assert.Equal(waiting.Body.ToArray(), recovered[0].Body.ToArray());
        Assert.Equal((dead.DeliveryId, "crm: down", 3), (letter.Delivery.DeliveryId, letter.Error, letter.Delivery.Attempt));
        Assert.Equal(dead.Body.ToArray(), letter.Delivery.Body.ToArray());
    }

    [Fact]
    public async Task Maintain_LargeBodyWaiting_IsCarriedOverWhole()
    {
        var body = RefAssured.Sdk.Testing.PdfFactory.ReportBody(RefAssured.Sdk.Testing.PdfFactory.Create(3_000_000));
        var segments = Path.Combine(_directory.Path, "segments");
        await using (var inbox = NewInbox(o => o.CompletedBodyRetention = TimeSpan.FromDays(1)))
        {
            await inbox.AppendAsync(NewDelivery(1) with { EventType = RefAssuredEventType.ReferenceReport, Body = body }, TestContext.Current.CancellationToken);
            var firstSegment = Assert.Single(Directory.GetFiles(segments));

            _time.Advance(TimeSpan.FromDays(2));
            await inbox.AppendAsync(NewDelivery(2) with { ReceivedAt = _time.GetUtcNow() }, TestContext.Current.CancellationToken);
            await inbox.MaintainAsync();

            Assert.False(File.Exists(firstSegment));
            Assert.Equal(body, (await ReadAsync(inbox, 1)).Single().Body.ToArray());
        }

        await using var reopened = NewInbox();
        var recovered = await ReadAsync(reopened, 2);

        Assert.Equal([NewDelivery(1).DeliveryId, NewDelivery(2).DeliveryId], recovered.Select(d => d.DeliveryId));
        Assert.Equal(body, recovered[0].Body.ToArray());
    }

    [Fact]
    public async Task Maintain_WithinBodyRetention_KeepsTheSegment()
    {
        await using var inbox = NewInbox();
        await inbox.AppendAsync(NewDelivery(1), TestContext.Current.CancellationToken);
        await inbox.CompleteAsync(Assert.Single(await ReadAsync(inbox, 1)), TestContext.Current.CancellationToken);

        _time.Advance(TimeSpan.FromDays(6));
        await inbox.AppendAsync(NewDelivery(2) with { ReceivedAt = _time.GetUtcNow() }, TestContext.Current.CancellationToken);
        await inbox.MaintainAsync();

        Assert.Equal(2, Directory.GetFiles(Path.Combine(_directory.Path, "segments")).Length);
    }

    [Fact]
    public async Task Maintain_AuditOlderThanRetention_IsPruned()
    {
        await using var inbox = NewInbox(o => o.Retention = TimeSpan.FromDays(7));
        await inbox.AppendAsync(NewDelivery(1), TestContext.Current.CancellationToken);
        await inbox.CompleteAsync(Assert.Single(await ReadAsync(inbox, 1)), TestContext.Current.CancellationToken);
        Assert.Single(await inbox.ReadAuditTrailAsync(TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken));

        _time.Advance(TimeSpan.FromDays(6));
        await inbox.MaintainAsync();
        Assert.Single(await inbox.ReadAuditTrailAsync(TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken));

        _time.Advance(TimeSpan.FromDays(2));
        await inbox.MaintainAsync();
        Assert.Empty(await inbox.ReadAuditTrailAsync(TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken));
    }
}

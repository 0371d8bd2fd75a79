using Microsoft.Extensions.Time.Testing;

namespace RefAssured.Sdk.Tests.Inbox;

public sealed class AuditTrailTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(Start);

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Write_ThenRead_GivesEveryEntryInOrder_WithoutBodies()
    {
        using (var trail = NewTrail())
        {
            trail.Write(Delivery(1), "completed", 1, error: null);
            trail.Write(Delivery(2), "dead-lettered", 8, "crm: down");
        }

        using var reopened = NewTrail();
        var entries = reopened.Read().ToList();

        Assert.Equal([(Id(1), "completed", 1, (string?)null), (Id(2), "dead-lettered", 8, "crm: down")], entries.Select(e => (e.DeliveryId, e.Outcome, e.Attempts, e.Error)));
        Assert.Equal((Start, RefAssuredEventType.SalesOptIn), (entries[0].At, entries[0].EventType));
        Assert.DoesNotContain("secret-body", File.ReadAllText(Directory.GetFiles(_directory.Path).Single()), StringComparison.Ordinal);
    }

    [Fact]
    public void Write_OnAnotherDay_GoesToThatDaysFile()
    {
        using var trail = NewTrail();
        trail.Write(Delivery(1), "completed", 1, error: null);
        _time.Advance(TimeSpan.FromDays(1));
        trail.Write(Delivery(2), "completed", 1, error: null);

        var read = trail.Read().Select(e => e.DeliveryId).ToList();

        Assert.Equal([Id(1), Id(2)], read);
        Assert.Equal(["2026-11-25.jsonl", "2026-11-26.jsonl"], Directory.GetFiles(_directory.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Read_TornLastLine_IsSkipped()
    {
        using (var trail = NewTrail())
        {
            trail.Write(Delivery(1), "completed", 1, error: null);
        }

        File.AppendAllText(Directory.GetFiles(_directory.Path).Single(), "{\"at\":\"2026-11-");
        using var reopened = NewTrail();

        Assert.Equal([Id(1)], reopened.Read().Select(e => e.DeliveryId));
    }

    [Fact]
    public async Task Write_PastTheFlushThreshold_IsFlushedInTheBackground()
    {
        using var trail = NewTrail();
        trail.FlushBytes = 1000;

        // Two entries (about 230 bytes each) stay under the threshold.
        trail.Write(Delivery(1), "completed", 1, error: null);
        trail.Write(Delivery(2), "completed", 1, error: null);
        Assert.Equal(0, trail.Flushes);
        for (var i = 3; i < 10; i++)
        {
            trail.Write(Delivery(i), "completed", 1, error: null);
        }

        await Processing.RefAssuredWorkerTests.Eventually(() => trail.Flushes > 0);
        Assert.Equal(9, trail.Read().Count());
    }

    [Fact]
    public void Prune_RemovesTheDaysBeforeTheCutoffDay()
    {
        using var trail = NewTrail();
        trail.Write(Delivery(1), "completed", 1, error: null);
        _time.Advance(TimeSpan.FromDays(2));
        trail.Write(Delivery(2), "completed", 1, error: null);

        trail.Prune(_time.GetUtcNow().AddDays(-1));

        Assert.Equal([Id(2)], trail.Read().Select(e => e.DeliveryId));
    }

    private AuditTrail NewTrail() => new(_directory.Path, observer: null, _time);

    private static string Id(int n) => "01JDAUDIT" + n.ToString("D17", System.Globalization.CultureInfo.InvariantCulture);

    private static RefAssuredDelivery Delivery(int n) =>
        new(Id(n), RefAssuredEventType.SalesOptIn, Start.AddSeconds(-n), System.Text.Encoding.UTF8.GetBytes("secret-body"));
}

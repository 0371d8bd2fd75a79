using AspNetCoreReceiver;
using Microsoft.Extensions.Options;
using RefAssured.Sdk.Testing;

namespace RefAssured.Sdk.AspNetCore.Tests.Sample;

/// <summary>The sample's handlers see a redelivery (same delivery id, after a crash) without failing or repeating their effect.</summary>
public sealed class SampleHandlerTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("refassured-handlers-").FullName;
    private readonly CapturedLogs _logs = new();
    private readonly IOptions<SampleOptions> _options;
    private readonly IOptions<RefAssuredWebhookOptions> _fileInbox = Options.Create(new RefAssuredWebhookOptions { Inbox = RefAssuredInboxKind.File });

    public SampleHandlerTests() => _options = Options.Create(new SampleOptions
    {
        ReportsDirectory = Path.Combine(_directory, "reports"),
        HandledDirectory = Path.Combine(_directory, "handled"),
    });

    [Fact]
    public async Task LeadHandler_Redelivery_LogsTheLeadOnce()
    {
        var handler = new LeadHandler(new HandledDeliveries(_options, _fileInbox), new LoggerFactory([_logs]).CreateLogger<LeadHandler>());
        var (lead, context) = Delivery<SalesOptIn>(RefAssuredEventType.SalesOptIn, Samples.SalesOptIn);

        await handler.HandleAsync(lead, context, TestContext.Current.CancellationToken);
        await handler.HandleAsync(lead, new RefAssuredEventContext(context.Delivery with { Attempt = 2 }), TestContext.Current.CancellationToken);

        var entry = Assert.Single(_logs.Entries);
        Assert.Contains("Jane Smith", entry.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("@", entry.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Acme", entry.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoteAndCandidateHandlers_Redelivery_LogOnceEach()
    {
        var handled = new HandledDeliveries(_options, _fileInbox);
        var factory = new LoggerFactory([_logs]);
        var notes = new NoteHandler(handled, factory.CreateLogger<NoteHandler>());
        var candidates = new CandidateHandler(handled, factory.CreateLogger<CandidateHandler>());
        var (note, noteContext) = Delivery<CandidateNote>(RefAssuredEventType.CandidateNote, Samples.Bytes("candidate-notes.json"));
        var (candidate, candidateContext) = Delivery<CandidateOptIn>(RefAssuredEventType.CandidateOptIn, Samples.Bytes("candidate-optin.json"));

        for (var i = 0; i < 2; i++)
        {
            await notes.HandleAsync(note, noteContext, TestContext.Current.CancellationToken);
            await candidates.HandleAsync(candidate, candidateContext, TestContext.Current.CancellationToken);
        }

        Assert.Equal(2, _logs.Entries.Count);
        Assert.DoesNotContain(_logs.Entries, e => e.ToString().Contains("Reference request sent", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReportHandler_Redelivery_KeepsOneIdenticalFile()
    {
        var handler = new ReportHandler(_options, new LoggerFactory([_logs]).CreateLogger<ReportHandler>());
        var pdf = PdfFactory.Create(8 * 1024);
        var (report, context) = Delivery<ReferenceReport>(RefAssuredEventType.ReferenceReport, Samples.ReportWith(pdf));

        await handler.HandleAsync(report, context, TestContext.Current.CancellationToken);
        await handler.HandleAsync(report, context, TestContext.Current.CancellationToken);

        var file = Assert.Single(Directory.GetFiles(_options.Value.ReportsDirectory));
        Assert.Equal(pdf, await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken));
    }

    [Fact]
    public void HandledDeliveries_PastTheirCapacity_KeepTheNewestInMemoryAndInABoundedJournal()
    {
        var options = Options.Create(new SampleOptions { HandledDirectory = Path.Combine(_directory, "bounded"), HandledCapacity = 10 });
        static string Id(int i) => "01JD" + i.ToString("D22", System.Globalization.CultureInfo.InvariantCulture);
        using (var handled = new HandledDeliveries(options, _fileInbox))
        {
            for (var i = 0; i < 25; i++)
            {
                handled.Add("lead", Id(i));
            }

            Assert.False(handled.Contains("lead", Id(14)));
            Assert.All(Enumerable.Range(15, 10), i => Assert.True(handled.Contains("lead", Id(i))));
        }

        // Rewritten with the 10 kept entries when it reached 20 lines, then 5 more appended.
        var journal = File.ReadAllLines(Path.Combine(_directory, "bounded", "handled.log"));
        Assert.Equal(Enumerable.Range(10, 15).Select(i => "lead " + Id(i)), journal);
        using var reopened = new HandledDeliveries(options, _fileInbox);
        Assert.False(reopened.Contains("lead", Id(14)));
        Assert.All(Enumerable.Range(15, 10), i => Assert.True(reopened.Contains("lead", Id(i))));
    }

    [Fact]
    public void HandledDeliveries_IdsOfAnyShape_AreRememberedAndJournaledAsGiven()
    {
        string[] ids = ["01JD0000000000000000000009", "7ZZZZZZZZZZZZZZZZZZZZZZZZZ", "8ZZZZZZZZZZZZZZZZZZZZZZZZZ", "01jd0000000000000000000009", "custom-id", "01JD000000000000000000000U"];
        using (var handled = new HandledDeliveries(_options, _fileInbox))
        {
            foreach (var id in ids)
            {
                handled.Add("note", id);
            }

            Assert.All(ids, id => Assert.True(handled.Contains("note", id)));
            Assert.False(handled.Contains("lead", ids[0]));
            Assert.False(handled.Contains("note", "01JD000000000000000000000A"));
        }

        Assert.Equal(ids.Select(id => "note " + id), File.ReadAllLines(Path.Combine(_options.Value.HandledDirectory, "handled.log")));
        using var reopened = new HandledDeliveries(_options, _fileInbox);
        Assert.All(ids, id => Assert.True(reopened.Contains("note", id)));
        Assert.False(reopened.Contains("note", "01JD000000000000000000000A"));
    }

    [Fact]
    public void HandledDeliveries_WithTheInMemoryInbox_RememberWithoutAJournal()
    {
        var inMemory = Options.Create(new RefAssuredWebhookOptions { Inbox = RefAssuredInboxKind.InMemory });
        using (var handled = new HandledDeliveries(_options, inMemory))
        {
            handled.Add("lead", "01JD0000000000000000000001");

            Assert.True(handled.Contains("lead", "01JD0000000000000000000001"));
            Assert.False(handled.Contains("note", "01JD0000000000000000000001"));
        }

        Assert.False(Directory.Exists(_options.Value.HandledDirectory));
        using var restarted = new HandledDeliveries(_options, inMemory);
        Assert.False(restarted.Contains("lead", "01JD0000000000000000000001"));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static (T Event, RefAssuredEventContext Context) Delivery<T>(RefAssuredEventType type, byte[] body)
        where T : RefAssuredEvent
    {
        var delivery = new RefAssuredDelivery("01JD0000000000000000000000", type, DateTimeOffset.UtcNow, body);
        var parsed = RefAssuredEventParser.Parse(type, body.AsMemory());
        return (Assert.IsType<T>(parsed.Event), new RefAssuredEventContext(delivery));
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace RefAssured.Sdk.HttpListener.Tests.Hostile;

/// <summary>
/// A long run (build/soak; explicit, so not in the normal test run): 100,000 sales opt-ins through
/// the HttpListener host with the file inbox and short retention, a tenth of them failing their
/// handler permanently so that they are dead-lettered. Every few seconds the inbox directory's disk
/// use and the process's memory are sampled; the bodies and records on disk and the resident memory
/// must level off. The table goes to the test output and to <c>Soak.md</c> next to the test assembly.
/// Environment: REFASSURED_SOAK_DELIVERIES (default 100000), REFASSURED_SOAK_MINUTES (default 10).
/// </summary>
[Trait("Category", "Integration")]
[Trait("Category", "Soak")]
public sealed class SoakTests
{
    private const string Key = "soak-key-0b7d";
    private const int Senders = 4;
    private static readonly TimeSpan SampleEvery = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan CompletedBodyRetention = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan AuditRetention = TimeSpan.FromMinutes(2);

    [Fact(Explicit = true)]
    public async Task Soak_TenthOfHandlersFailingPermanently_DiskAndMemoryLevelOff()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var deliveries = Setting("REFASSURED_SOAK_DELIVERIES", 100_000);
        var duration = TimeSpan.FromMinutes(Setting("REFASSURED_SOAK_MINUTES", 10));
        var work = Directory.CreateTempSubdirectory("refassured-soak-").FullName;
        var inboxOptions = new FileRefAssuredInboxOptions
        {
            Directory = Path.Combine(work, "inbox"),
            Retention = AuditRetention,
            CompletedBodyRetention = CompletedBodyRetention,
            DeadLetterRetention = CompletedBodyRetention,
        };
        var counts = new Counts();
        inboxOptions.Observer = counts;
        try
        {
            await using var inbox = new FileRefAssuredInbox(inboxOptions);
            var prefix = $"http://127.0.0.1:{RefAssuredHttpListenerHostTests.FreePort()}/webhooks/refassured/";
            var options = new RefAssuredHttpListenerOptions { Keys = new RefAssuredKeySet(Key), Inbox = inbox, Worker = new RefAssuredWorkerOptions { Observer = counts } };
            options.Prefixes.Add(prefix);
            var dispatcher = new RefAssuredDispatcherBuilder().On<SalesOptIn>(counts.HandleAsync, "lead").Build();
            await using var host = new RefAssuredHttpListenerHost(options, dispatcher);
            await host.StartAsync(cancellationToken);

            var recorder = new SoakRecorder(inboxOptions.Directory);
            var table = Path.Combine(AppContext.BaseDirectory, "Soak.md");
            var settings = string.Create(CultureInfo.InvariantCulture, $"{deliveries:N0} sales opt-ins over {duration.TotalMinutes} min by {Senders} senders, every tenth failing permanently; completed-body retention {CompletedBodyRetention.TotalMinutes} min, audit retention {AuditRetention.TotalMinutes} min, dead-letter retention {CompletedBodyRetention.TotalMinutes} min; {Environment.ProcessorCount} cores");
            await File.WriteAllTextAsync(table, settings + "\n\n" + SoakRecorder.Header + "\n", cancellationToken);
            using var sending = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var sampler = SampleAsync(recorder, counts, table, sending.Token);
            using var client = new HttpClient { BaseAddress = new Uri(prefix), Timeout = TimeSpan.FromSeconds(60) };
            var template = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "sales-optin.json"), cancellationToken);
            var next = -1;
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, Senders).Select(_ => Task.Run(async () =>
            {
                for (var i = Interlocked.Increment(ref next); i < deliveries; i = Interlocked.Increment(ref next))
                {
                    // Each delivery at its time on one schedule, so that the rate stays even however the senders interleave.
                    var due = duration * i / deliveries;
                    if (due > clock.Elapsed)
                    {
                        await Task.Delay(due - clock.Elapsed, cancellationToken);
                    }

                    await counts.SendAsync(client, template.Replace("\"referenceRequestId\": 10001", $"\"referenceRequestId\": {100_000 + i}", StringComparison.Ordinal), cancellationToken);
                }
            })));
            await sending.CancelAsync();
            await sampler;

            // Disk by its troughs, after retention's cuts: dead letters kept past their time raise them
            // by a tenth of the bodies received, which the peaks of the bodies still within retention hide.
            var disk = recorder.LevelsOff(s => s.SegmentsKiB + s.OtherKiB, troughs: true, 1.02, 1024);
            var rss = recorder.LevelsOff(s => s.RssMiB, troughs: false, 1.10, 16);
            var audit = recorder.LevelsOff(s => s.AuditKiB, troughs: false, 1.10, 1024);
            var waited = Stopwatch.StartNew();
            while (counts.Handled + counts.DeadLettered < counts.Acknowledged && waited.Elapsed < TimeSpan.FromMinutes(5))
            {
                await Task.Delay(500, cancellationToken);
            }

            var drained = recorder.Take(counts.Acknowledged, counts.Handled, counts.DeadLettered);
            var summary = string.Create(
                CultureInfo.InvariantCulture,
                $"\nAfter sending, once handled: {SoakRecorder.Row(drained)}\nIn the middle third and the last third of the samples taken while sending: lowest bodies and records {disk.Middle / 1024.0:F1} and {disk.Last / 1024.0:F1} MiB; highest audit trail {audit.Middle / 1024.0:F1} and {audit.Last / 1024.0:F1} MiB, RSS {rss.Middle} and {rss.Last} MiB.\nNot acknowledged: {counts.Failed}{counts.FirstFailure}; inbox failures: {counts.InboxFailures}{counts.FirstInboxFailure}\n");
            await File.AppendAllTextAsync(table, summary, cancellationToken);
            var report = settings + "\n\n" + recorder.Table(TimeSpan.FromSeconds(30)) + summary;
            TestContext.Current.TestOutputHelper?.WriteLine(report);

            Assert.True(counts.Acknowledged == deliveries, $"{deliveries - counts.Acknowledged} deliveries were not acknowledged.\n{report}");
            Assert.True(counts.Handled == deliveries - (deliveries / 10) && counts.DeadLettered == deliveries / 10, $"Expected {deliveries - (deliveries / 10)} handled and {deliveries / 10} dead-lettered.\n{report}");
            Assert.True(disk.Level, $"The bodies and records on disk kept growing.\n{report}");
            Assert.True(rss.Level, $"The resident memory kept growing.\n{report}");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;

    private static async Task SampleAsync(SoakRecorder recorder, Counts counts, string table, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var sample = recorder.Take(counts.Acknowledged, counts.Handled, counts.DeadLettered);
            await File.AppendAllTextAsync(table, SoakRecorder.Row(sample) + "\n", CancellationToken.None);
            try
            {
                await Task.Delay(SampleEvery, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>What happened to the deliveries: sent and acknowledged, handled, dead-lettered; and the handler that fails every tenth.</summary>
    private sealed class Counts : RefAssuredObserver
    {
        private long _acknowledged;
        private long _failed;
        private long _handled;
        private long _deadLettered;
        private long _inboxFailures;

        public long Acknowledged => Interlocked.Read(ref _acknowledged);

        public long Failed => Interlocked.Read(ref _failed);

        public long Handled => Interlocked.Read(ref _handled);

        public long DeadLettered => Interlocked.Read(ref _deadLettered);

        public long InboxFailures => Interlocked.Read(ref _inboxFailures);

        public string FirstFailure { get; private set; } = string.Empty;

        public string FirstInboxFailure { get; private set; } = string.Empty;

        public Task HandleAsync(SalesOptIn lead, RefAssuredEventContext context, CancellationToken cancellationToken)
        {
            if (lead.ReferenceRequestId % 10 == 0)
            {
                throw new RefAssuredPermanentFailureException("The lead's CRM account is closed.");
            }

            Interlocked.Increment(ref _handled);
            return Task.CompletedTask;
        }

        public override void DeliveryDeadLettered(RefAssuredDelivery delivery, string reason) => Interlocked.Increment(ref _deadLettered);

        public override void InboxFailed(string operation, Exception exception)
        {
            if (Interlocked.Increment(ref _inboxFailures) == 1)
            {
                FirstInboxFailure = $" (first: {operation}, {exception.GetType().Name}: {exception.Message})";
            }
        }

        public async Task SendAsync(HttpClient client, string body, CancellationToken cancellationToken)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "sales-optin") { Content = new StringContent(body, Encoding.UTF8) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Add("x-refassured-key", Key);
            try
            {
                using var response = await client.SendAsync(request, cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref _acknowledged);
                    return;
                }

                NoteFailure($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }
            catch (HttpRequestException ex)
            {
                NoteFailure(ex.Message);
            }
        }

        private void NoteFailure(string what)
        {
            if (Interlocked.Increment(ref _failed) == 1)
            {
                FirstFailure = $" (first: {what})";
            }
        }
    }
}

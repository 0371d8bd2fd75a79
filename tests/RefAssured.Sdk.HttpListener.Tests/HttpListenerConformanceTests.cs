using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using RefAssured.Sdk.Conformance;

namespace RefAssured.Sdk.HttpListener.Tests;

/// <summary>The shared host conformance suite, run against <see cref="RefAssuredHttpListenerHost"/>.</summary>
public sealed partial class HttpListenerConformanceTests : HostConformanceTests
{
    protected override Task<IConformanceHost> StartAsync(ConformanceSetup setup) => StartHostAsync(setup);

    /// <summary>Starts a <see cref="RefAssuredHttpListenerHost"/> as <paramref name="setup"/> describes.</summary>
    internal static async Task<IConformanceHost> StartHostAsync(ConformanceSetup setup) => await Host.StartAsync(setup);

    // The first line of an entry: "warn: RefAssured.Sdk[2] Rejected …"; an exception follows on the next.
    [GeneratedRegex(@"^(?<level>\w+): RefAssured\.Sdk\[(?<id>\d+)\] (?<message>[^\r\n]*)")]
    private static partial Regex EntryHead();

    private sealed class Host : IConformanceHost
    {
        private readonly ConcurrentQueue<HandledCall> _handled = new();
        private readonly ConcurrentQueue<string> _log = new();
        private RefAssuredHttpListenerHost _host = null!;

        public Uri BaseAddress { get; private set; } = null!;

        public InMemoryRefAssuredInbox Inbox { get; private set; } = null!;

        public IReadOnlyList<HandledCall> Handled => [.. _handled];

        public IReadOnlyList<string> LogLines => [.. _log];

        public IReadOnlyList<ConformanceLogEntry> LogEntries => [.. _log.Select(Parse)];

        public string HandlerName => "recorder";

        public Func<RefAssuredEvent, RefAssuredEventContext, CancellationToken, Task>? OnHandle { private get; set; }

        public static async Task<Host> StartAsync(ConformanceSetup setup)
        {
            var host = new Host();
            var port = RefAssuredHttpListenerHostTests.FreePort();
            host.BaseAddress = new Uri($"http://127.0.0.1:{port}/");
            host.Inbox = new InMemoryRefAssuredInbox(setup.InboxCapacity)
            {
                MaxBufferedBytes = setup.MaxBufferedBytes ?? RefAssuredReceiverOptions.DefaultMaxBufferedBytes,
            };
            var options = new RefAssuredHttpListenerOptions
            {
                Keys = new RefAssuredKeySet(setup.Key),
                Inbox = host.Inbox,
                Log = host._log.Enqueue,
                RequireHttps = setup.RequireHttps,
                Worker = new RefAssuredWorkerOptions { ShutdownTimeout = TimeSpan.FromSeconds(1) },
            };
            if (setup.MaxBodySize is { } limit)
            {
                options.MaxBodySize = limit;
            }

            options.Prefixes.Add($"http://127.0.0.1:{port}/webhooks/refassured/");
            var dispatcher = new RefAssuredDispatcherBuilder()
                .On<SalesOptIn>(host.RecordAsync, "recorder")
                .On<CandidateOptIn>(host.RecordAsync, "recorder")
                .On<CandidateNote>(host.RecordAsync, "recorder")
                .On<ReferenceReport>(host.RecordAsync, "recorder")
                .Build();
            host._host = new RefAssuredHttpListenerHost(options, dispatcher);
            await host._host.StartAsync(TestContext.Current.CancellationToken);
            return host;
        }

        public ValueTask DisposeAsync() => _host.DisposeAsync();

        private static ConformanceLogEntry Parse(string entry)
        {
            var head = EntryHead().Match(entry);
            Assert.True(head.Success, "An entry not in the shared format: " + entry);
            return new ConformanceLogEntry(head.Groups["level"].Value, int.Parse(head.Groups["id"].Value, System.Globalization.CultureInfo.InvariantCulture), head.Groups["message"].Value);
        }

        private async Task RecordAsync(RefAssuredEvent evt, RefAssuredEventContext context, CancellationToken cancellationToken)
        {
            if (OnHandle is { } hook)
            {
                await hook(evt, context, cancellationToken);
            }

            _handled.Enqueue(new HandledCall(evt, context.DeliveryId));
        }
    }
}

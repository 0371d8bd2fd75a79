using System.Globalization;
using RefAssured.Sdk.Conformance;

namespace RefAssured.Sdk.AspNetCore.Tests.Routing;

/// <summary>The shared host conformance suite, run against the ASP.NET Core endpoints on Kestrel.</summary>
public sealed class AspNetCoreConformanceTests : HostConformanceTests
{
    protected override Task<IConformanceHost> StartAsync(ConformanceSetup setup) => StartHostAsync(setup);

    /// <summary>Starts the ASP.NET Core endpoints on Kestrel as <paramref name="setup"/> describes.</summary>
    internal static async Task<IConformanceHost> StartHostAsync(ConformanceSetup setup)
    {
        var settings = new Dictionary<string, string?>
        {
            ["RefAssured:Key"] = setup.Key,
            ["RefAssured:InMemoryInboxCapacity"] = setup.InboxCapacity.ToString(CultureInfo.InvariantCulture),
            ["RefAssured:RequireHttps"] = setup.RequireHttps ? "true" : "false",
        };
        if (setup.MaxBodySize is { } limit)
        {
            settings["RefAssured:MaxBodySize"] = limit.ToString(CultureInfo.InvariantCulture);
        }

        if (setup.MaxBufferedBytes is { } budget)
        {
            settings["RefAssured:MaxBufferedBytes"] = budget.ToString(CultureInfo.InvariantCulture);
        }

        return new Host(await WebhookHost.StartAsync(settings: settings));
    }

    private sealed class Host(WebhookHost host) : IConformanceHost
    {
        public Uri BaseAddress => host.BaseAddress;

        public InMemoryRefAssuredInbox Inbox => host.Inbox;

        public IReadOnlyList<HandledCall> Handled => [.. host.Recorder.Handled.Select(h => new HandledCall(h.Event, h.DeliveryId))];

        public IReadOnlyList<string> LogLines => [.. host.Logs.Entries.Select(e => e.ToString())];

        public IReadOnlyList<ConformanceLogEntry> LogEntries =>
        [
            .. host.Logs.Entries.Where(e => e.Category == RefAssuredLoggingObserver.Category).Select(e => new ConformanceLogEntry(ShortName(e.Level), e.EventId.Id, e.Message)),
        ];

        public string HandlerName => typeof(RecordingHandler).FullName!;

        private static string ShortName(LogLevel level) => level switch
        {
            LogLevel.Information => "info",
            LogLevel.Warning => "warn",
            LogLevel.Error => "fail",
            _ => level.ToString(),
        };

        public Func<RefAssuredEvent, RefAssuredEventContext, CancellationToken, Task>? OnHandle
        {
            set => host.Recorder.OnHandle = value;
        }

        public ValueTask DisposeAsync() => host.DisposeAsync();
    }
}

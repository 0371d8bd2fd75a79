using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using RefAssured.Sdk.Testing;

namespace RefAssured.Sdk.Conformance;

/// <summary>
/// A sample receiver, started as a process of its own with its file inbox, under hostile load:
/// a thousand connections that send their request head a few bytes a second and never finish it,
/// and fifty senders with the right key that declare 40 MiB bodies and trickle them at 64 KiB/s,
/// while a well-behaved sender keeps posting the vendor's sales opt-in, each on a new connection.
/// Every one of its deliveries must be acknowledged within a second and reach its handler, and the
/// sample's memory must grow with the bytes sent, not with the lengths declared. The sample's peak
/// resident memory and the deliveries' latencies are written to the test output and to
/// <c>HostileLoad-{host}.txt</c> next to the test assembly.
/// </summary>
[Trait("Category", "Integration")]
[Collection(nameof(HostileLoadTests))]
public abstract class HostileLoadTests
{
    private const string Key = "hostile-load-key-7c41";
    private const int SlowHeaderConnections = 1000;
    private const int TricklingSenders = 50;
    private const long TrickledBodySize = 40L * 1024 * 1024;
    private const int TrickleBytesPerSecond = 64 * 1024;
    private const int WarmUpDeliveries = 20;
    private const long ConnectionAllowanceMiB = 64;
    private static readonly TimeSpan LoadDuration = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan Bar = TimeSpan.FromSeconds(1);

    // Generous: setting up the attack and handling the backlog on a busy machine may take a while.
    private static readonly TimeSpan SetupTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Gets the host's name for the figures, for example <c>aspnetcore</c>.</summary>
    protected abstract string HostName { get; }

    [Fact]
    public async Task NormalDeliveries_UnderSlowHeadersAndTricklingBodies_AreEachAcknowledgedWithinOneSecondAndHandled()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var (slowCount, sizeNote) = SizeToOpenFileLimit();
        await using var started = await StartSampleAsync(Key);
        var (sample, events) = started;
        var processId = HostileProcess.WorkingIn(sample.WorkingDirectory);
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var body = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "sales-optin.json"));
        var acknowledged = new List<string>();
        for (var i = 0; i < WarmUpDeliveries; i++)
        {
            var (status, deliveryId, _) = await PostAsync(client, events, body, cancellationToken);
            Assert.True(status == "200", $"Warm-up delivery {i + 1} before any hostile load was answered {status}.");
            acknowledged.Add(deliveryId!);
        }

        var rssBefore = HostileProcess.RssMiB(processId);
        await using var attack = new HostileAttack(events);
        attack.StartSlowHeaders(slowCount);
        attack.StartTricklingBodies(TricklingSenders, Key, TrickledBodySize, TrickleBytesPerSecond);
        var setup = Stopwatch.StartNew();
        while (attack.SlowConnected < slowCount || attack.TrickleStarted < TricklingSenders)
        {
            Assert.True(setup.Elapsed < SetupTimeout, $"The hostile load could not be set up within {SetupTimeout.TotalSeconds} s: {attack.Describe()}");
            await Task.Delay(100, cancellationToken);
        }

        var latencies = new List<TimeSpan>();
        var failures = new List<string>();
        var measuring = Stopwatch.StartNew();
        while (measuring.Elapsed < LoadDuration)
        {
            var (status, deliveryId, elapsed) = await PostAsync(client, events, body, cancellationToken);
            latencies.Add(elapsed);
            if (status == "200")
            {
                acknowledged.Add(deliveryId!);
            }
            else
            {
                failures.Add($"{status} after {elapsed.TotalMilliseconds:F0} ms");
            }

            await Task.Delay(Pace, cancellationToken);
        }

        var rssUnderLoad = HostileProcess.RssMiB(processId);
        var attackSeen = attack.Describe();
        await attack.StopAsync();
        var peakRss = HostileProcess.PeakRssMiB(processId);
        var figures = Figures(latencies, failures.Count, rssBefore, rssUnderLoad, peakRss, slowCount, sizeNote, attackSeen);
        TestContext.Current.TestOutputHelper?.WriteLine(figures);
        TestContext.Current.SendDiagnosticMessage(figures);
        await File.WriteAllTextAsync(Path.Combine(AppContext.BaseDirectory, $"HostileLoad-{HostName}.txt"), figures, cancellationToken);

        Assert.True(failures.Count == 0, $"{failures.Count} of {latencies.Count} normal deliveries were not acknowledged: {string.Join("; ", failures.Take(20))}\n{figures}");
        var slow = latencies.Where(l => l > Bar).Select(l => $"{l.TotalMilliseconds:F0} ms").ToList();
        Assert.True(slow.Count == 0, $"{slow.Count} of {latencies.Count} normal deliveries took over {Bar.TotalSeconds} s: {string.Join(", ", slow.Take(20))}\n{figures}");
        await WaitForHandledAsync(sample, acknowledged);

        // Memory follows the bytes that arrived, not the lengths declared: at most three times what
        // the trickling senders sent, plus room for the connections' own state and the runtime.
        var allowed = (3 * attack.TrickledBytes / (1024 * 1024)) + ConnectionAllowanceMiB;
        Assert.True(peakRss - rssBefore <= allowed, $"The sample's resident memory grew by {peakRss - rssBefore} MiB under the attack, more than the {allowed} MiB allowed.\n{figures}");
    }

    /// <summary>Starts the host's sample with its file inbox and <paramref name="key"/>, and returns it with the address events are posted under (ending in <c>/</c>).</summary>
    private protected abstract Task<StartedSample> StartSampleAsync(string key);

    // Each process holds one descriptor per slow connection, plus its own; the samples inherit this limit.
    private static (int Count, string? Note) SizeToOpenFileLimit()
    {
        const int Reserve = 500;
        var limit = HostileProcess.OpenFileLimit();
        return limit - Reserve >= SlowHeaderConnections
            ? (SlowHeaderConnections, null)
            : ((int)Math.Max(100, limit - Reserve), $"SIZED DOWN: the open-file limit is {limit}, so {limit - Reserve} slow connections instead of {SlowHeaderConnections}; raise it with ulimit -n for the full load.");
    }

    private static async Task<(string Status, string? DeliveryId, TimeSpan Elapsed)> PostAsync(HttpClient client, Uri events, byte[] body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(events, "sales-optin")) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("x-refassured-key", Key);

        // A new connection each time, as a sender that does not keep them: it goes through the host's accepting too.
        request.Headers.ConnectionClose = true;
        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await client.SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            watch.Stop();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return (((int)response.StatusCode).ToString(CultureInfo.InvariantCulture), null, watch.Elapsed);
            }

            using var json = JsonDocument.Parse(text);
            return ("200", json.RootElement.GetProperty("deliveryId").GetString(), watch.Elapsed);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return ($"no answer ({ex.GetType().Name}: {ex.Message})", null, watch.Elapsed);
        }
    }

    private static async Task WaitForHandledAsync(SampleProcess sample, List<string> acknowledged)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var output = sample.Output;
            var missing = acknowledged.Where(id => !output.Contains($"delivery {id})", StringComparison.Ordinal)).ToList();
            if (missing.Count == 0)
            {
                return;
            }

            Assert.True(waited.Elapsed < SetupTimeout, $"{missing.Count} of {acknowledged.Count} acknowledged deliveries did not reach their handler within {SetupTimeout.TotalSeconds} s, for example {missing[0]}.");
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }

    private string Figures(List<TimeSpan> latencies, int failed, long rssBefore, long rssUnderLoad, long peakRss, int slowCount, string? sizeNote, string attackSeen)
    {
        var sorted = latencies.Order().ToList();
        string Ms(double p) => sorted.Count == 0 ? "-" : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)].TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Hostile load on the {HostName} sample ({Environment.ProcessorCount} cores, load average {string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3))}):");
        if (sizeNote is not null)
        {
            text.AppendLine(sizeNote);
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"  attack: {slowCount} slow-head connections, {TricklingSenders} senders trickling {TrickledBodySize / (1024 * 1024)} MiB bodies at {TrickleBytesPerSecond / 1024} KiB/s, for {LoadDuration.TotalSeconds} s");
        text.AppendLine(CultureInfo.InvariantCulture, $"  normal deliveries: {latencies.Count} sent, {failed} not acknowledged; latency p50 {Ms(0.50)} ms, p99 {Ms(0.99)} ms, max {Ms(1.0)} ms");
        text.AppendLine(CultureInfo.InvariantCulture, $"  sample RSS: {rssBefore} MiB before the attack, {rssUnderLoad} MiB at its end, peak (VmHWM) {peakRss} MiB");
        text.AppendLine(CultureInfo.InvariantCulture, $"  {attackSeen}");
        return text.ToString();
    }

    /// <summary>A sample started for the test, and the address its events are posted under.</summary>
    /// <param name="Sample">The sample's process.</param>
    /// <param name="Events">The address events are posted under, ending in <c>/</c>.</param>
    private protected sealed record StartedSample(SampleProcess Sample, Uri Events) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Sample.DisposeAsync();
    }
}

/// <summary>Runs the hostile-load tests alone, after the others, so that they neither disturb other tests' timing nor are disturbed by it.</summary>
[CollectionDefinition(nameof(HostileLoadTests), DisableParallelization = true)]
public sealed class HostileLoadRunsAlone;

using System.Globalization;
using System.Text.Json;

namespace RefAssured.Cli;

/// <summary>The latency percentiles and status counts of a load run.</summary>
internal sealed class LatencySummary
{
    private readonly double[] sortedMs;
    private readonly SortedDictionary<string, int> statuses;
    private readonly TimeSpan duration;

    private LatencySummary(double[] sortedMs, SortedDictionary<string, int> statuses, TimeSpan duration)
    {
        this.sortedMs = sortedMs;
        this.statuses = statuses;
        this.duration = duration;
    }

    public bool AllAccepted => statuses.Count == 1 && statuses.ContainsKey("200");

    public static LatencySummary Of(IReadOnlyList<DeliveryResult> results, TimeSpan duration)
    {
        var statuses = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var result in results)
        {
            var name = result.Status?.ToString(CultureInfo.InvariantCulture) ?? "error";
            statuses[name] = statuses.GetValueOrDefault(name) + 1;
        }

        return new LatencySummary(results.Select(r => r.Elapsed.TotalMilliseconds).Order().ToArray(), statuses, duration);
    }

    public double Percentile(double fraction) =>
        sortedMs.Length == 0 ? 0 : sortedMs[Math.Clamp((int)Math.Ceiling(fraction * sortedMs.Length) - 1, 0, sortedMs.Length - 1)];

    public IEnumerable<string> Lines()
    {
        var rate = sortedMs.Length / Math.Max(duration.TotalSeconds, 0.001);
        yield return string.Create(CultureInfo.InvariantCulture, $"{sortedMs.Length} requests in {duration.TotalSeconds:0.00} s ({rate:0.0}/s)");
        yield return string.Create(CultureInfo.InvariantCulture, $"latency ms: p50 {Percentile(0.50):0.0}  p99 {Percentile(0.99):0.0}  max {Percentile(1):0.0}");
        yield return "status: " + string.Join("  ", statuses.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Key} x {s.Value}")));
    }

    public void Write(Utf8JsonWriter writer, string eventName, Uri url, int concurrency)
    {
        writer.WriteStartObject();
        writer.WriteString("event", eventName);
        writer.WriteString("url", url.ToString());
        writer.WriteNumber("count", sortedMs.Length);
        writer.WriteNumber("concurrency", concurrency);
        writer.WriteNumber("durationMs", Math.Round(duration.TotalMilliseconds, 1));
        writer.WriteStartObject("latencyMs");
        writer.WriteNumber("p50", Math.Round(Percentile(0.50), 1));
        writer.WriteNumber("p99", Math.Round(Percentile(0.99), 1));
        writer.WriteNumber("max", Math.Round(Percentile(1), 1));
        writer.WriteEndObject();
        writer.WriteStartObject("statuses");
        foreach (var (status, count) in statuses)
        {
            writer.WriteNumber(status, count);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}

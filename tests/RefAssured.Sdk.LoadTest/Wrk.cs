using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace RefAssured.Sdk.LoadTest;

/// <summary>One wrk run's figures, and how many cores other processes used meanwhile.</summary>
internal sealed record Measurement(double RequestsPerSecond, double P50, double P99, long Non2xx, long SocketErrors, double OtherCores);

/// <summary>
/// Runs wrk (two threads, POST of one body with the key header, 30 s timeout) and reads its
/// figures; each measurement's output is kept as artifacts/load/wrk-{id}.txt.
/// </summary>
internal sealed partial class Wrk(string key, string script, string output)
{
    /// <summary>Runs wrk without recording anything: tiered compilation finishes optimizing the server's code under load.</summary>
    public Task WarmUpAsync(string url, string body, int connections, int seconds) => RunAsync(url, body, connections, seconds);

    /// <summary>Runs wrk and records it as <paramref name="id"/>; fails when wrk gives no result.</summary>
    public async Task<Measurement> MeasureAsync(string id, Server server, string url, string body, int connections, int seconds)
    {
        var (started, all, ofServer, ofChildren) = (Stopwatch.GetTimestamp(), ProcStat.AllUserSeconds(), server.UserCpuSeconds, ChildrenUserSeconds());
        var text = await RunAsync(url, body, connections, seconds);

        // User-mode CPU of processes other than the server and wrk, in cores. User mode only: the
        // kernel's own threads work for the load too (network, disk flushes), while other programs
        // (a build, tests) run mostly in user mode.
        var others = ProcStat.AllUserSeconds() - all - (server.UserCpuSeconds - ofServer) - (ChildrenUserSeconds() - ofChildren);
        var otherCores = Math.Max(0, others) / Stopwatch.GetElapsedTime(started).TotalSeconds;
        await File.WriteAllTextAsync(Path.Combine(output, $"wrk-{id}.txt"), text);
        var requests = RequestsPerSecond().Match(text);
        if (!requests.Success)
        {
            throw new InvalidOperationException($"wrk gave no result for {url}:\n{text}");
        }

        var socketErrors = SocketErrors().Match(text);
        return new Measurement(
            Number(requests.Groups[1].Value),
            Milliseconds(text, "50%"),
            Milliseconds(text, "99%"),
            Non2xx().Match(text) is { Success: true } non2xx ? long.Parse(non2xx.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
            socketErrors.Success ? Enumerable.Range(1, 4).Sum(group => long.Parse(socketErrors.Groups[group].Value, CultureInfo.InvariantCulture)) : 0,
            otherCores);
    }

    // wrk is a child of this process: its CPU time counts among the children's once it has been waited for.
    private static double ChildrenUserSeconds() => ProcStat.Seconds("/proc/self/stat", ProcStat.ChildrenUserTime);

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    // A line of wrk's latency distribution, such as "     99%   12.34ms", in milliseconds.
    private static double Milliseconds(string text, string percentile)
    {
        var match = Regex.Match(text, $@"^\s+{Regex.Escape(percentile)}\s+([\d.]+)(us|ms|s|m)\s*$", RegexOptions.Multiline);
        var value = Number(match.Groups[1].Value);
        return match.Groups[2].Value switch { "us" => value / 1000, "ms" => value, "s" => value * 1000, _ => value * 60_000 };
    }

    private async Task<string> RunAsync(string url, string body, int connections, int seconds)
    {
        var start = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-t2", $"-c{connections}", $"-d{seconds}s", "--timeout", "30s", "--latency", "-s", script, url })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["LOAD_KEY"] = key;
        start.Environment["LOAD_BODY"] = body;
        using var wrk = Process.Start(start)!;
        var standardError = wrk.StandardError.ReadToEndAsync();
        var text = await wrk.StandardOutput.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        return text + await standardError;
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex Non2xx();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrors();
}

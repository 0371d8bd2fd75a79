using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace RefAssured.Sdk.LoadTest;

/// <summary>
/// The benchmark's table in Markdown: each case's median over the rounds, each ratio the median of
/// the rounds' ratios (a case against its floor of the same round), then the budget's targets.
/// </summary>
internal sealed class Report(IReadOnlyDictionary<string, Measurement> results, IReadOnlyDictionary<string, int> peakRss, int rounds)
{
    private readonly StringBuilder _text = new();

    public string Write(IReadOnlyList<string> notes, string run)
    {
        Line("| case | body, connections | requests/s | vs floor | p50 ms | p99 ms | non-2xx | socket errors | peak RSS MB |");
        Line("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        Row("(c) plain floor: checks the key, answers 200, body unread", "sales-optin, 32", "c", null);
        Row("(e) durable floor: reads the body, answers once it is flushed, one fsync per batch", "sales-optin, 32", "e", "c");
        Row("(a) ASP.NET Core sample, file inbox", "sales-optin, 32", "a", "e");
        Row("(b) ASP.NET Core sample, in-memory inbox", "sales-optin, 32", "b", "c");
        Row("(d) HttpListener sample, file inbox", "sales-optin, 32", "d", "e");
        var postgres = results.ContainsKey("p.1");
        if (postgres)
        {
            Row("(p) PostgreSQL floor: reads the body, answers once one INSERT of it is committed", "sales-optin, 32", "p", "c");
            Row("(f) ASP.NET Core sample, PostgreSQL inbox", "sales-optin, 32", "f", "p");
        }

        Row("drain floor: checks the key, reads and discards the body", "10 MB report, 8", "drain", null);
        Row("(a) ASP.NET Core sample, file inbox", "10 MB report, 8", "a10", "drain");
        Row("(d) HttpListener sample, file inbox", "10 MB report, 8", "d10", "drain");
        if (postgres)
        {
            Row("(p) PostgreSQL floor", "10 MB report, 8", "p10", "drain");
            Row("(f) ASP.NET Core sample, PostgreSQL inbox, against (p)", "10 MB report, 8", "f10", "p10");
        }

        Line();
        Line($"sales-optin rows: medians over {rounds} rounds; ratios are medians of each round's ratio to the floor of that round, ranging (e) {Range("e", "c")}, (a) {Range("a", "e")}, (b) {Range("b", "c")}, (d) {Range("d", "e")}{(postgres ? $", (p) {Range("p", "c")}, (f) {Range("f", "p")}" : string.Empty)}.");
        Line($"The 10 MB drain floor is the mean of {Format(results["drain.1"].RequestsPerSecond)} requests/s before the ASP.NET Core report run and {Format(results["drain.2"].RequestsPerSecond)} after it{(postgres ? $" and {Format(results["drain.3"].RequestsPerSecond)} before the PostgreSQL one" : string.Empty)}. Peak RSS is that of a fresh server over its 10 MB run, warm-up included.");
        Line("The HttpListener sample writes a line per accepted and per handled delivery to its standard output (a file here); the ASP.NET Core servers log warnings only.");
        Line();
        Line("Targets:");
        Target("(a) >= 0.7x the durable floor (e)", Ratio("a", "e"), 0.7);
        Target("(b) >= 0.75x the plain floor (c)", Ratio("b", "c"), 0.75);
        Target("(d) >= 0.7x the durable floor (e)", Ratio("d", "e"), 0.7);
        foreach (var id in new[] { "a", "b", "d" })
        {
            Target($"p99 of ({id}) < 20 ms in every round (the worst)", Rounds(id).Max(m => m.P99), 20, below: true);
        }

        if (postgres)
        {
            Line($"- p99 of (f), the PostgreSQL inbox, in the worst round: {Format(Rounds("f").Max(m => m.P99))} ms (no target)");
        }

        Target("10 MB (a) >= 0.15x the drain floor", Ratio("a10", "drain"), 0.15);
        Target("10 MB (a) peak RSS < 400 MB", peakRss["a10"], 400, below: true);
        Target("10 MB (d) >= 0.15x the drain floor", Ratio("d10", "drain"), 0.15);
        Target("10 MB (d) peak RSS < 400 MB", peakRss["d10"], 400, below: true);
        Line();
        var busiest = results.Values.Max(m => m.OtherCores);
        Line($"User-mode CPU that other processes used during a measurement: at most {busiest:0.00} cores of {Environment.ProcessorCount}{(busiest >= 0.2 ? "; the machine was busy, so these figures are skewed" : string.Empty)}.");
        foreach (var note in notes)
        {
            Line(note);
        }

        Line();
        Line($"Machine: {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}; {run}.");
        return _text.ToString();
    }

    private static string Format(double value) => value.ToString(value >= 100 ? "0" : "0.00", CultureInfo.InvariantCulture);

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    // The measurements of a case: one per round, or the two of the drain floor, or the one of a 10 MB case.
    private IEnumerable<Measurement> Rounds(string id) =>
        results.TryGetValue(id, out var single) ? [single] : results.Where(pair => pair.Key.StartsWith(id + ".", StringComparison.Ordinal)).OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => pair.Value);

    // Per round, (id) against its floor of the same round; a 10 MB case against the mean of the drain floor.
    private IEnumerable<double> Ratios(string id, string floor) => results.ContainsKey($"{id}.1")
        ? Rounds(id).Zip(Rounds(floor), (measured, against) => measured.RequestsPerSecond / against.RequestsPerSecond)
        : [Rounds(id).Single().RequestsPerSecond / Rounds(floor).Average(m => m.RequestsPerSecond)];

    private double Ratio(string id, string floor) => Median(Ratios(id, floor));

    private string Range(string id, string floor) => $"{Ratios(id, floor).Min():0.00}–{Ratios(id, floor).Max():0.00}x";

    private void Row(string name, string body, string id, string? floor)
    {
        var all = Rounds(id).ToArray();
        var requests = id == "drain" ? all.Average(m => m.RequestsPerSecond) : Median(all.Select(m => m.RequestsPerSecond));
        var ratio = floor is null ? "1.00" : Ratio(id, floor).ToString("0.00", CultureInfo.InvariantCulture);
        var rss = peakRss.TryGetValue(id, out var mb) ? mb.ToString(CultureInfo.InvariantCulture) : "–";
        Line($"| {name} | {body} | {Format(requests)} | {ratio} | {Median(all.Select(m => m.P50)):0.00} | {Median(all.Select(m => m.P99)):0.00} | {all.Sum(m => m.Non2xx)} | {all.Sum(m => m.SocketErrors)} | {rss} |");
    }

    private void Target(string name, double value, double limit, bool below = false)
    {
        var met = below ? value < limit : value >= limit;
        Line($"- {name}: {(met ? "met" : "MISSED")} ({Format(value)})");
    }

    private void Line(string text = "") => _text.Append(CultureInfo.InvariantCulture, $"{text}\n");
}

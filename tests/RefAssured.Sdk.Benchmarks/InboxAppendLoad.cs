using System.Diagnostics;
using System.Globalization;

namespace RefAssured.Sdk.Benchmarks;

/// <summary>
/// A load run of inbox appends: 1, 8 and 32 concurrent producers of small events against the
/// file inbox and the in-memory inbox, in one run, both straight into the inbox and through the
/// whole receive pipeline (key, parse, store) as a request does. A consumer completes deliveries
/// meanwhile, as the worker would. Prints a table of throughput and p50/p99 latency.
/// </summary>
internal static class InboxAppendLoad
{
    private const string Key = "6d015479-0123-abcd-4567-e8ef634acf45";

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        var body = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "sales-optin.json"));
        var rows = new List<string>
        {
            "| path | inbox | producers | appends/s | p50 | p99 |",
            "|---|---|---:|---:|---:|---:|",
        };
        var throughput = new Dictionary<(string, string, int), double>();
        foreach (var path in new[] { "inbox.AppendAsync", "receiver (key + parse + store)" })
        {
            foreach (var producers in new[] { 1, 8, 32 })
            {
                foreach (var kind in new[] { "in-memory", "file" })
                {
                    var result = await MeasureAsync(kind, path.StartsWith("inbox", StringComparison.Ordinal), producers, body, TimeSpan.FromSeconds(seconds));
                    throughput[(path, kind, producers)] = result.PerSecond;
                    rows.Add(string.Create(CultureInfo.InvariantCulture, $"| {path} | {kind} | {producers} | {result.PerSecond:N0} | {Format(result.P50)} | {Format(result.P99)} |"));
                    Console.WriteLine(rows[^1]);
                }
            }
        }

        rows.Add(string.Empty);
        foreach (var path in new[] { "inbox.AppendAsync", "receiver (key + parse + store)" })
        {
            var ratio = throughput[(path, "file", 32)] / throughput[(path, "in-memory", 32)];
            rows.Add(string.Create(CultureInfo.InvariantCulture, $"{path}, 32 producers: file / in-memory = {ratio:F2} (target at least 0.50)"));
        }

        var report = string.Join(Environment.NewLine, rows);
        Console.WriteLine();
        Console.WriteLine(report);
        var output = Path.Combine(args.Length > 2 ? args[2] : "artifacts/benchmarks", "inbox-append-load.md");
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        await File.WriteAllTextAsync(output, report + Environment.NewLine);
        return 0;
    }

    private static async Task<(double PerSecond, TimeSpan P50, TimeSpan P99)> MeasureAsync(string kind, bool direct, int producers, byte[] body, TimeSpan duration)
    {
        var directory = Path.Combine(Path.GetTempPath(), "refassured-load-" + Guid.NewGuid().ToString("N"));
        IRefAssuredInbox inbox = kind == "file"
            ? new FileRefAssuredInbox(new FileRefAssuredInboxOptions { Directory = directory })
            : new InMemoryRefAssuredInbox(capacity: int.MaxValue);
        try
        {
            var receiver = new RefAssuredReceiver(inbox, new RefAssuredReceiverOptions { Keys = new RefAssuredKeySet(Key) });
            using var stop = new CancellationTokenSource();
            var consumer = ConsumeAsync(inbox, stop.Token);

            // Warm up, then measure.
            await RunProducersAsync(inbox, receiver, direct, producers, body, TimeSpan.FromSeconds(1), null);
            var latencies = new List<long>[producers];
            var watch = Stopwatch.StartNew();
            var count = await RunProducersAsync(inbox, receiver, direct, producers, body, duration, latencies);
            var elapsed = watch.Elapsed;
            await stop.CancelAsync();
            await consumer;

            var all = latencies.SelectMany(l => l).Order().ToArray();
            return (count / elapsed.TotalSeconds, Percentile(all, 0.50), Percentile(all, 0.99));
        }
        finally
        {
            if (inbox is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }

            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private static async Task<long> RunProducersAsync(IRefAssuredInbox inbox, RefAssuredReceiver receiver, bool direct, int producers, byte[] body, TimeSpan duration, List<long>[]? latencies)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var counts = new long[producers];
        await Task.WhenAll(Enumerable.Range(0, producers).Select(p => Task.Run(async () =>
        {
            var mine = latencies is null ? null : latencies[p] = new List<long>(200_000);
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var started = Stopwatch.GetTimestamp();
                if (direct)
                {
                    await inbox.AppendAsync(new RefAssuredDelivery(NewId(), RefAssuredEventType.SalesOptIn, DateTimeOffset.UtcNow, body), CancellationToken.None);
                }
                else
                {
                    var outcome = await receiver.ReceiveAsync(new RefAssuredReceiveRequest
                    {
                        EventRoute = "sales-optin",
                        GetHeader = name => name == RefAssuredReceiver.KeyHeaderName ? Key : null,
                        ContentType = "application/json",
                        ContentLength = body.Length,
                        Body = new MemoryStream(body, writable: false),
                    });
                    if (!outcome.IsAccepted)
                    {
                        throw new InvalidOperationException(outcome.ToString());
                    }
                }

                mine?.Add(Stopwatch.GetTimestamp() - started);
                counts[p]++;
            }
        })));
        return counts.Sum();
    }

    private static async Task ConsumeAsync(IRefAssuredInbox inbox, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var delivery in inbox.ReadAsync(cancellationToken))
            {
                await inbox.CompleteAsync(delivery, CancellationToken.None);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static long _sequence;

    private static string NewId() => "LOAD" + Interlocked.Increment(ref _sequence).ToString("D22", CultureInfo.InvariantCulture);

    private static TimeSpan Percentile(long[] sorted, double fraction) =>
        sorted.Length == 0 ? TimeSpan.Zero : TimeSpan.FromSeconds((double)sorted[(int)Math.Min(sorted.Length - 1, sorted.Length * fraction)] / Stopwatch.Frequency);

    private static string Format(TimeSpan value) =>
        value.TotalMilliseconds >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{value.TotalMilliseconds:F2} ms") : string.Create(CultureInfo.InvariantCulture, $"{value.TotalMicroseconds:F1} µs");
}

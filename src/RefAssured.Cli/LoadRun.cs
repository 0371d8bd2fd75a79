using System.Diagnostics;
using System.Globalization;

namespace RefAssured.Cli;

/// <summary>
/// <c>send --count N --concurrency C</c>: sends the same payload N times with C requests in flight,
/// prints progress, then a latency summary (p50, p99, max) and the count of each status.
/// </summary>
internal static class LoadRun
{
    public static async Task<int> RunAsync(SendRequest request, byte[] body, CliOutput output, CancellationToken cancellationToken)
    {
        var target = WebhookClient.EventUrl(request.Url, request.Event);
        using var client = new WebhookClient(request.Timeout, request.Concurrency);
        var results = new DeliveryResult[request.Count];
        var next = -1;
        var done = 0;
        var step = Math.Max(1, request.Count / 10);
        var watch = Stopwatch.StartNew();

        async Task WorkAsync()
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < request.Count)
            {
                results[index] = await client.PostAsync(target, body, request.Key, cancellationToken).ConfigureAwait(false);
                var finished = Interlocked.Increment(ref done);
                if (!request.Json && (finished % step == 0 || finished == request.Count))
                {
                    output.Progress(Bar(finished, request.Count));
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Math.Min(request.Concurrency, request.Count)).Select(_ => WorkAsync())).ConfigureAwait(false);
        var summary = LatencySummary.Of(results, watch.Elapsed);
        if (request.Json)
        {
            output.Out(JsonOutput.Write(w => summary.Write(w, RefAssuredEventTypes.GetRouteName(request.Event), target, request.Concurrency)));
        }
        else
        {
            output.Out(string.Create(CultureInfo.InvariantCulture, $"POST {target} x {request.Count}, {request.Concurrency} at once ({body.Length} bytes each)"));
            foreach (var line in summary.Lines())
            {
                output.Out(line);
            }

            var firstError = results.FirstOrDefault(r => r.Status != 200);
            if (firstError is not null)
            {
                output.Out("Likely cause: " + Advice.For(firstError, ContractExpectation.Accepted));
            }
        }

        return summary.AllAccepted ? ExitCodes.Success : ExitCodes.Failure;
    }

    private static string Bar(int done, int total)
    {
        const int Width = 30;
        var filled = done * Width / total;
        return string.Create(CultureInfo.InvariantCulture, $"[{new string('#', filled)}{new string('.', Width - filled)}] {done}/{total}");
    }
}

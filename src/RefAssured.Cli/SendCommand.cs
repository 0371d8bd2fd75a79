using System.CommandLine;
using System.Globalization;

namespace RefAssured.Cli;

/// <summary><c>refassured send &lt;event&gt;</c>: posts a sample, a file or a generated report, once or as a load check.</summary>
internal static class SendCommand
{
    public static Command Create(CliOutput output)
    {
        var eventName = new Argument<string>("event") { Description = "The event to send: sales-optin, candidate-optin, candidate-notes or reference-report." };
        eventName.CompletionSources.Add([.. RefAssuredEventTypes.All.Select(RefAssuredEventTypes.GetRouteName)]);
        var url = new Option<string>("--url") { Description = "The endpoint: its base URL (the event's segment is added) or the event's own URL.", Required = true };
        var key = new Option<string>("--key") { Description = "The verification key, sent in x-refassured-key.", Required = true };
        var file = new Option<string?>("--file") { Description = "Send this JSON file instead of the built-in sample." };
        var reportSize = new Option<string?>("--report-size") { Description = "For reference-report: carry a generated valid PDF of this size, such as 10MB." };
        var count = new Option<int>("--count") { Description = "Send this many times and print a latency summary.", DefaultValueFactory = _ => 1 };
        var concurrency = new Option<int>("--concurrency") { Description = "Requests in flight at once with --count.", DefaultValueFactory = _ => 1 };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for each answer.", DefaultValueFactory = _ => 30 };
        var json = new Option<bool>("--json") { Description = "Print one JSON document instead of text." };

        var command = new Command("send", "Post an event to a webhook endpoint exactly as RefAssured does.") { eventName, url, key, file, reportSize, count, concurrency, timeout, json };
        command.SetAction(async (result, cancellationToken) =>
        {
            var request = new SendRequest(
                Samples.ParseEvent(result.GetRequiredValue(eventName)),
                WebhookClient.ParseUrl(result.GetRequiredValue(url)),
                result.GetRequiredValue(key),
                Positive(result.GetValue(count), "--count"),
                Positive(result.GetValue(concurrency), "--concurrency"),
                TimeSpan.FromSeconds(Positive(result.GetValue(timeout), "--timeout")),
                result.GetValue(json));
            var body = await BodyAsync(request.Event, result.GetValue(file), result.GetValue(reportSize), cancellationToken).ConfigureAwait(false);
            return request.Count == 1
                ? await SendOnceAsync(request, body, output, cancellationToken).ConfigureAwait(false)
                : await LoadRun.RunAsync(request, body, output, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static int Positive(int value, string option) =>
        value > 0 ? value : throw CliException.Usage($"{option} must be a positive number, not {value.ToString(CultureInfo.InvariantCulture)}.");

    private static async Task<byte[]> BodyAsync(RefAssuredEventType type, string? file, string? reportSize, CancellationToken cancellationToken)
    {
        if (file is not null && reportSize is not null)
        {
            throw CliException.Usage("Give either --file or --report-size, not both.");
        }

        if (reportSize is not null)
        {
            if (type != RefAssuredEventType.ReferenceReport)
            {
                throw CliException.Usage("--report-size applies to reference-report only.");
            }

            return Samples.Report(SizeParser.Parse(reportSize));
        }

        if (file is null)
        {
            return Samples.Get(type);
        }

        try
        {
            return await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw CliException.Usage($"Cannot read '{file}': {ex.Message}");
        }
    }

    private static async Task<int> SendOnceAsync(SendRequest request, byte[] body, CliOutput output, CancellationToken cancellationToken)
    {
        var target = WebhookClient.EventUrl(request.Url, request.Event);
        using var client = new WebhookClient(request.Timeout);
        var result = await client.PostAsync(target, body, request.Key, cancellationToken).ConfigureAwait(false);
        var success = result.Status == 200;
        var advice = success ? null : Advice.For(result, ContractExpectation.Accepted);
        if (request.Json)
        {
            output.Out(JsonOutput.Write(w =>
            {
                w.WriteStartObject();
                w.WriteString("event", RefAssuredEventTypes.GetRouteName(request.Event));
                w.WriteString("url", target.ToString());
                w.WriteNumber("bytes", body.Length);
                JsonOutput.WriteResult(w, result);
                if (advice is not null)
                {
                    w.WriteString("cause", advice);
                }

                w.WriteEndObject();
            }));
        }
        else if (result.Error is not null)
        {
            output.Error(result.Error);
        }
        else
        {
            output.Out(string.Create(CultureInfo.InvariantCulture, $"POST {target} ({body.Length} bytes)"));
            output.Out(string.Create(CultureInfo.InvariantCulture, $"{result.Status} in {result.Elapsed.TotalMilliseconds:0} ms"));
            if (result.Answer.Length > 0)
            {
                output.Out(result.Answer);
            }

            if (advice is not null)
            {
                output.Out("Likely cause: " + advice);
            }
        }

        return success ? ExitCodes.Success : ExitCodes.Failure;
    }
}

/// <summary>The options of one <c>send</c>.</summary>
internal sealed record SendRequest(RefAssuredEventType Event, Uri Url, string Key, int Count, int Concurrency, TimeSpan Timeout, bool Json);

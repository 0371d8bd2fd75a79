using System.Globalization;

namespace RefAssured.Cli;

/// <summary>The outcome of one contract check.</summary>
internal enum CheckOutcome
{
    Passed,
    Failed,
    Skipped,
}

/// <summary>One line of <c>refassured check</c>: what was checked, what came back, and the fix when it failed.</summary>
internal sealed record CheckResult(string Name, CheckOutcome Outcome, string Observed, string? Advice);

/// <summary>
/// The sender's contract, run against an endpoint: each event's sample gets 200 within 5 seconds;
/// no key and a wrong key get 401; plain HTTP is refused when the endpoint is https; a body over
/// 40 MiB gets 413.
/// </summary>
internal sealed class ContractChecks(WebhookClient client, Uri baseUrl, string key)
{
    public static readonly TimeSpan AnswerLimit = TimeSpan.FromSeconds(5);

    /// <summary>The largest body RefAssured's receivers must accept by default, 40 MiB.</summary>
    public const long OversizeThreshold = RefAssuredReceiverOptions.DefaultMaxBodySize;

    public async Task<IReadOnlyList<CheckResult>> RunAsync(CancellationToken cancellationToken)
    {
        var results = new List<CheckResult>();
        foreach (var type in RefAssuredEventTypes.All)
        {
            var name = RefAssuredEventTypes.GetRouteName(type);
            var result = await client.PostAsync(WebhookClient.EventUrl(baseUrl, type), Samples.Get(type), key, cancellationToken).ConfigureAwait(false);
            var passed = result.Status == 200 && result.Elapsed <= AnswerLimit;
            results.Add(Line($"{name} sample gets 200 within 5 s", passed, result, ContractExpectation.Accepted));
        }

        var salesUrl = WebhookClient.EventUrl(baseUrl, RefAssuredEventType.SalesOptIn);
        var sample = Samples.Get(RefAssuredEventType.SalesOptIn);
        var noKey = await client.PostAsync(salesUrl, sample, null, cancellationToken).ConfigureAwait(false);
        results.Add(Line("no key gets 401", noKey.Status == 401, noKey, ContractExpectation.Unauthorized));
        var wrongKey = await client.PostAsync(salesUrl, sample, "wrong-" + Guid.NewGuid().ToString("N"), cancellationToken).ConfigureAwait(false);
        results.Add(Line("wrong key gets 401", wrongKey.Status == 401, wrongKey, ContractExpectation.Unauthorized));
        results.Add(await PlainHttpAsync(salesUrl, sample, cancellationToken).ConfigureAwait(false));

        var oversize = new OversizeReportContent(OversizeThreshold + (1024 * 1024));
        var tooLarge = await client.PostAsync(WebhookClient.EventUrl(baseUrl, RefAssuredEventType.ReferenceReport), oversize, key, cancellationToken).ConfigureAwait(false);
        results.Add(Line("body over 40 MiB gets 413", tooLarge.Status == 413, tooLarge, ContractExpectation.TooLarge));
        return results;
    }

    private async Task<CheckResult> PlainHttpAsync(Uri url, byte[] sample, CancellationToken cancellationToken)
    {
        const string Name = "plain HTTP refused";
        if (url.Scheme != Uri.UriSchemeHttps)
        {
            return new CheckResult(Name, CheckOutcome.Skipped, "the URL is http: RefAssured recommends an https endpoint in production", null);
        }

        var plain = new UriBuilder(url) { Scheme = Uri.UriSchemeHttp, Port = url.IsDefaultPort ? 80 : url.Port }.Uri;
        var result = await client.PostAsync(plain, sample, key, cancellationToken).ConfigureAwait(false);
        var refused = result.Status is null or < 200 or >= 300;
        return new CheckResult(Name, refused ? CheckOutcome.Passed : CheckOutcome.Failed, Observed(result), refused ? null : Advice.For(result, ContractExpectation.HttpsOnly));
    }

    private static CheckResult Line(string name, bool passed, DeliveryResult result, ContractExpectation expected) =>
        new(name, passed ? CheckOutcome.Passed : CheckOutcome.Failed, Observed(result), passed ? null : Advice.For(result, expected));

    private static string Observed(DeliveryResult result) => result.Status is { } status
        ? string.Create(CultureInfo.InvariantCulture, $"{status} in {result.Elapsed.TotalMilliseconds:0} ms")
        : "no answer: " + result.Error;
}

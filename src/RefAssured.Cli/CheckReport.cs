using System.Globalization;

namespace RefAssured.Cli;

/// <summary>Prints the results of <c>refassured check</c> as a table or as JSON.</summary>
internal static class CheckReport
{
    public static IEnumerable<string> Table(Uri url, IReadOnlyList<CheckResult> checks)
    {
        yield return "Checking " + url;
        var width = checks.Max(c => c.Name.Length);
        string? previous = null;
        foreach (var check in checks)
        {
            var mark = check.Outcome switch { CheckOutcome.Passed => "pass", CheckOutcome.Failed => "FAIL", _ => "skip" };
            yield return $"  {mark}  {check.Name.PadRight(width)}  {check.Observed}";
            if (check.Advice is not null)
            {
                // One cause behind several failures is written out once.
                yield return "        cause and fix: " + (check.Advice == previous ? "as above." : check.Advice);
                previous = check.Advice;
            }
        }

        yield return string.Create(CultureInfo.InvariantCulture, $"{Count(checks, CheckOutcome.Passed)} passed, {Count(checks, CheckOutcome.Failed)} failed, {Count(checks, CheckOutcome.Skipped)} skipped");
    }

    public static string Json(Uri url, IReadOnlyList<CheckResult> checks) => JsonOutput.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("url", url.ToString());
        w.WriteBoolean("passed", Count(checks, CheckOutcome.Failed) == 0);
        w.WriteStartArray("checks");
        foreach (var check in checks)
        {
            w.WriteStartObject();
            w.WriteString("name", check.Name);
            w.WriteString("outcome", check.Outcome.ToString().ToLowerInvariant());
            w.WriteString("observed", check.Observed);
            if (check.Advice is not null)
            {
                w.WriteString("advice", check.Advice);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });

    private static int Count(IReadOnlyList<CheckResult> checks, CheckOutcome outcome) => checks.Count(c => c.Outcome == outcome);
}

namespace RefAssured.Sdk.Hosting;

/// <summary>
/// The error kept with a failed delivery (inbox records, dead letters, the audit trail). Handler
/// exception messages often quote payload values (names, emails), so by default only the
/// handlers and exception types are kept; the observer, hence the server's log, still gets the
/// whole exceptions.
/// </summary>
internal static class StoredError
{
    /// <summary>Describes the failures of <paramref name="result"/> in one line.</summary>
    /// <param name="result">The failed result.</param>
    /// <param name="includeMessages">Whether exception messages are included (<see cref="RefAssuredDispatchResult.ToString"/>).</param>
    public static string Describe(RefAssuredDispatchResult result, bool includeMessages)
    {
        if (includeMessages || result.ParseError is not null)
        {
            // A parse error names a JSON path and a reason, never a payload value.
            return result.ToString();
        }

        var failures = result.Outcomes.Where(o => !o.Succeeded).Select(o => $"{o.HandlerName}: {o.Exception!.GetType().Name}").ToList();
        return failures.Count == 0 ? "succeeded" : string.Join("; ", failures);
    }
}

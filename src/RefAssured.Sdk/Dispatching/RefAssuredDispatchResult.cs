namespace RefAssured.Sdk.Hosting;

/// <summary>What the handlers did with one delivery.</summary>
public sealed class RefAssuredDispatchResult
{
    /// <summary>Initializes a result.</summary>
    /// <param name="outcomes">One outcome per handler called.</param>
    /// <param name="parseError">Why the stored body could not be parsed, when it could not; no handler was then called.</param>
    /// <exception cref="ArgumentNullException"><paramref name="outcomes"/> is <see langword="null"/>.</exception>
    public RefAssuredDispatchResult(IReadOnlyList<RefAssuredHandlerOutcome> outcomes, RefAssuredParseError? parseError = null)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        Outcomes = outcomes;
        ParseError = parseError;
    }

    /// <summary>Gets one outcome per handler called, in registration order.</summary>
    public IReadOnlyList<RefAssuredHandlerOutcome> Outcomes { get; }

    /// <summary>Gets why the stored body could not be parsed, or <see langword="null"/>.</summary>
    public RefAssuredParseError? ParseError { get; }

    /// <summary>Gets whether the body parsed and every handler called succeeded.</summary>
    public bool Succeeded => ParseError is null && Outcomes.All(o => o.Succeeded);

    /// <summary>Gets whether a retry cannot help: the body does not parse, or a handler failed permanently.</summary>
    public bool IsPermanentFailure => ParseError is not null || Outcomes.Any(o => o.IsPermanentFailure);

    /// <summary>Gets the names of the handlers that succeeded.</summary>
    public IEnumerable<string> SucceededHandlers => Outcomes.Where(o => o.Succeeded).Select(o => o.HandlerName);

    /// <summary>Describes the failures in one line (types and messages), or <c>succeeded</c>.</summary>
    /// <returns>A summary for logs and the dead-letter record.</returns>
    public override string ToString()
    {
        if (ParseError is not null)
        {
            return $"The stored body does not parse: {ParseError.Message}";
        }

        var failures = Outcomes.Where(o => !o.Succeeded).Select(o => $"{o.HandlerName}: {o.Exception!.GetType().Name}: {o.Exception.Message}").ToList();
        return failures.Count == 0 ? "succeeded" : string.Join("; ", failures);
    }
}

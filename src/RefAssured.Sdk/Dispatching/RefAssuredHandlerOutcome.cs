namespace RefAssured.Sdk.Hosting;

/// <summary>What one handler did with one delivery.</summary>
/// <param name="HandlerName">The handler's stable name (its type's full name, or the name given at registration).</param>
/// <param name="Exception">The exception it failed with, or <see langword="null"/> when it succeeded.</param>
public sealed record RefAssuredHandlerOutcome(string HandlerName, Exception? Exception)
{
    /// <summary>Gets whether the handler succeeded.</summary>
    public bool Succeeded => Exception is null;

    /// <summary>
    /// Gets whether the failure cannot go away by retrying: the handler was cancelled by shutdown
    /// is not permanent, but a <see cref="ReportContentException"/> (content that never changes) is.
    /// </summary>
    public bool IsPermanentFailure => Exception is ReportContentException or RefAssuredPermanentFailureException;
}

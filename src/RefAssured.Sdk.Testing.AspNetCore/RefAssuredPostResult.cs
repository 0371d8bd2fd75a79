namespace RefAssured.Sdk.Testing;

/// <summary>What became of an event posted with <see cref="RefAssuredHttpClientExtensions"/>.</summary>
public enum RefAssuredPostResult
{
    /// <summary>The application answered with an error status: nothing was stored and no handler ran.</summary>
    Rejected,

    /// <summary>The application stored the event and every handler for it succeeded.</summary>
    Handled,

    /// <summary>A handler failed (or the stored body did not parse) and the delivery will be tried again after a backoff.</summary>
    Failed,

    /// <summary>A handler failed and the delivery will not be tried again: the failure is permanent or no attempt is left.</summary>
    DeadLettered,
}

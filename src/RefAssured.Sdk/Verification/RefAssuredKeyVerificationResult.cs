namespace RefAssured.Sdk.Hosting;

/// <summary>The outcome of checking the <c>x-refassured-key</c> header of a request.</summary>
public enum RefAssuredKeyVerificationResult
{
    /// <summary>The header matches one of the valid keys exactly.</summary>
    Valid = 1,

    /// <summary>The request has no <c>x-refassured-key</c> header, or it is empty.</summary>
    MissingKey = 2,

    /// <summary>The header matches none of the valid keys (letter case and spaces count).</summary>
    KeyMismatch = 3,

    /// <summary>No valid key is configured (or the resolver gave none), so every request is refused.</summary>
    NoKeyConfigured = 4,
}

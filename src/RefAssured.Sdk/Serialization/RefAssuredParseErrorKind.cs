namespace RefAssured.Sdk;

/// <summary>Why a body could not be turned into an event; see <see cref="RefAssuredParseError"/>.</summary>
public enum RefAssuredParseErrorKind
{
    /// <summary>The body is empty or only white space.</summary>
    EmptyBody = 1,

    /// <summary>The body is not well-formed JSON (for example truncated, or with a syntax error).</summary>
    InvalidJson = 2,

    /// <summary>The body is JSON, but its root is not an object (an array, string, number, boolean or null).</summary>
    NotAnObject = 3,

    /// <summary>The body nests objects or arrays deeper than <see cref="RefAssuredEventParser.MaxDepth"/>.</summary>
    TooDeep = 4,

    /// <summary>A documented field has a JSON type it cannot be read as (for example <c>"action": 42</c>).</summary>
    UnmappableValue = 5,

    /// <summary>An essential part is missing: a reference report without a file, or without file content.</summary>
    MissingContent = 6,
}

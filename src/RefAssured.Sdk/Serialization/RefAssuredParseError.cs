using System.Globalization;

namespace RefAssured.Sdk;

/// <summary>Why and where a body could not be turned into an event.</summary>
/// <param name="Kind">The kind of problem.</param>
/// <param name="Path">The JSON path of the problem, for example <c>$.candidate.personId</c>; <c>$</c> for the whole body.</param>
/// <param name="Reason">What is wrong, in words, without quoting the payload.</param>
public sealed record RefAssuredParseError(RefAssuredParseErrorKind Kind, string Path, string Reason)
{
    /// <summary>Gets the zero-based line of the problem in the body, when known.</summary>
    public long? LineNumber { get; init; }

    /// <summary>Gets the zero-based byte offset of the problem within its line, when known.</summary>
    public long? BytePositionInLine { get; init; }

    /// <summary>Gets one sentence naming the path and the reason, suitable for a problem detail.</summary>
    public string Message => LineNumber is { } line && BytePositionInLine is { } position
        ? string.Create(CultureInfo.InvariantCulture, $"{Path}: {Reason} (line {line + 1}, byte {position + 1}).")
        : $"{Path}: {Reason}.";

    /// <summary>Returns <see cref="Message"/>.</summary>
    /// <returns>The path and the reason.</returns>
    public override string ToString() => Message;
}

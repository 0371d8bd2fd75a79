using System.Diagnostics.CodeAnalysis;

namespace RefAssured.Sdk;

/// <summary>The outcome of parsing a body: either an event or an error, never both.</summary>
public sealed class RefAssuredParseResult
{
    private RefAssuredParseResult(RefAssuredEvent? parsed, RefAssuredParseError? error)
    {
        Event = parsed;
        Error = error;
    }

    /// <summary>Gets whether the body was parsed into <see cref="Event"/>.</summary>
    [MemberNotNullWhen(true, nameof(Event))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Event is not null;

    /// <summary>Gets the parsed event, or <see langword="null"/> when parsing failed.</summary>
    public RefAssuredEvent? Event { get; }

    /// <summary>Gets why parsing failed, or <see langword="null"/> when it succeeded.</summary>
    public RefAssuredParseError? Error { get; }

    /// <summary>Creates a successful result.</summary>
    /// <param name="parsed">The parsed event.</param>
    /// <returns>A result holding <paramref name="parsed"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="parsed"/> is <see langword="null"/>.</exception>
    public static RefAssuredParseResult Success(RefAssuredEvent parsed)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        return new(parsed, null);
    }

    /// <summary>Creates a failed result.</summary>
    /// <param name="error">Why parsing failed.</param>
    /// <returns>A result holding <paramref name="error"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="error"/> is <see langword="null"/>.</exception>
    public static RefAssuredParseResult Failure(RefAssuredParseError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(null, error);
    }

    /// <summary>Returns the event's description or the error's message.</summary>
    /// <returns>A one-line description.</returns>
    public override string ToString() => IsSuccess ? Event.ToString() : Error.Message;
}

using System.Text.Json.Serialization;

namespace RefAssured.Sdk;

/// <summary>
/// What a candidate note records: one of the documented values, or any other text RefAssured
/// sends, kept verbatim. Known values are recognised regardless of letter case and surrounding spaces.
/// </summary>
[JsonConverter(typeof(Serialization.CandidateNoteActionConverter))]
public readonly record struct CandidateNoteAction
{
    private readonly string? _value;

    /// <summary>Initializes a new action from the text RefAssured sent.</summary>
    /// <param name="value">The text of <c>action</c>, for example <c>RefAssured Sent</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    public CandidateNoteAction(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
        Kind = Classify(value);
    }

    /// <summary>Gets <c>RefAssured Sent</c>.</summary>
    public static CandidateNoteAction RefAssuredSent { get; } = new("RefAssured Sent");

    /// <summary>Gets <c>RefAssured Completed</c>.</summary>
    public static CandidateNoteAction RefAssuredCompleted { get; } = new("RefAssured Completed");

    /// <summary>Gets <c>IP Collision</c>.</summary>
    public static CandidateNoteAction IpCollision { get; } = new("IP Collision");

    /// <summary>Gets the documented value this action stands for, or <see cref="CandidateNoteActionKind.Unknown"/>.</summary>
    public CandidateNoteActionKind Kind { get; }

    /// <summary>Gets the text exactly as RefAssured sent it.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Returns <see cref="Value"/>.</summary>
    /// <returns>The text exactly as RefAssured sent it.</returns>
    public override string ToString() => Value;

    private static CandidateNoteActionKind Classify(string value)
    {
        var text = value.AsSpan().Trim();
        if (text.Equals("RefAssured Sent", StringComparison.OrdinalIgnoreCase))
        {
            return CandidateNoteActionKind.RefAssuredSent;
        }

        if (text.Equals("RefAssured Completed", StringComparison.OrdinalIgnoreCase))
        {
            return CandidateNoteActionKind.RefAssuredCompleted;
        }

        return text.Equals("IP Collision", StringComparison.OrdinalIgnoreCase)
            ? CandidateNoteActionKind.IpCollision
            : CandidateNoteActionKind.Unknown;
    }
}

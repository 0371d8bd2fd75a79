using System.Text.Json.Serialization;

namespace RefAssured.Sdk;

/// <summary>
/// A note was written to a candidate profile: a reference request sent, a reference completed,
/// or an IP collision detected (routes <c>candidate-notes</c> and <c>candidatenotes</c>).
/// </summary>
public sealed record CandidateNote : RefAssuredEvent
{
    /// <inheritdoc />
    public override RefAssuredEventType EventType => RefAssuredEventType.CandidateNote;

    /// <summary>Gets the note formatted as HTML (<c>htmlNote</c>). Treat it as untrusted markup.</summary>
    [JsonPropertyName("htmlNote")]
    public string? HtmlNote { get; init; }

    /// <summary>Gets the note as plain text (<c>textNote</c>).</summary>
    [JsonPropertyName("textNote")]
    public string? TextNote { get; init; }

    /// <summary>
    /// Gets what the note records (<c>action</c>); a value this SDK does not know arrives as
    /// <see cref="CandidateNoteActionKind.Unknown"/> with its text kept.
    /// </summary>
    [JsonPropertyName("action")]
    public CandidateNoteAction? Action { get; init; }
}

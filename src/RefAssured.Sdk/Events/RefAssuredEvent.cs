using System.Text.Json.Serialization;

namespace RefAssured.Sdk;

/// <summary>
/// The fields every RefAssured event may carry. Every documented field may be absent from a
/// delivery and is then <see langword="null"/>. Fields this version of the SDK does not know
/// are skipped while parsing, never held one object each; they stay readable in the body as
/// received (<see cref="RefAssuredEventContext.RawBody"/>).
/// </summary>
/// <remarks>
/// <see cref="ToString"/> names the event and its identifiers only, so that logging an event
/// does not write personal data (names, emails, phone numbers, notes, report contents).
/// </remarks>
public abstract record RefAssuredEvent
{
    /// <summary>Gets the kind of event, decided by the route it was delivered to.</summary>
    [JsonIgnore]
    public abstract RefAssuredEventType EventType { get; }

    /// <summary>Gets the identifier of the reference request (<c>referenceRequestId</c>).</summary>
    [JsonPropertyName("referenceRequestId")]
    public long? ReferenceRequestId { get; init; }

    /// <summary>Gets the candidate the reference is about (<c>candidate</c>).</summary>
    [JsonPropertyName("candidate")]
    public Candidate? Candidate { get; init; }

    /// <summary>
    /// Gets the external system IDs sent beside the payload (<c>externalIdsMeta</c>). RefAssured
    /// sends it as an object or as an array of objects; both arrive here as one set.
    /// </summary>
    [JsonPropertyName("externalIdsMeta")]
    public ExternalIds? ExternalIdsMeta { get; init; }


    /// <summary>Returns the event's type and identifiers, without personal data.</summary>
    /// <returns>For example <c>SalesOptIn { ReferenceRequestId = 10001, CandidatePersonId = 30001 }</c>.</returns>
    public sealed override string ToString() =>
        $"{EventType} {{ ReferenceRequestId = {ReferenceRequestId}, CandidatePersonId = {Candidate?.PersonId} }}";
}

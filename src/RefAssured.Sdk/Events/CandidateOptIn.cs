namespace RefAssured.Sdk;

/// <summary>
/// A reference opted in as a candidate: add them to a talent pipeline
/// (routes <c>candidate-optin</c> and <c>candidateoptin</c>).
/// </summary>
public sealed record CandidateOptIn : OptInEvent
{
    /// <inheritdoc />
    public override RefAssuredEventType EventType => RefAssuredEventType.CandidateOptIn;
}

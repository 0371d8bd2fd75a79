namespace RefAssured.Sdk;

/// <summary>
/// The four kinds of event that RefAssured delivers. The route of a delivery, not its payload,
/// decides the kind: a sales opt-in and a candidate opt-in carry the same fields.
/// </summary>
/// <remarks>Use <see cref="RefAssuredEventTypes"/> to turn a route segment into a member.</remarks>
public enum RefAssuredEventType
{
    /// <summary>A reference opted in as a sales lead (routes <c>sales-optin</c> and <c>salesoptin</c>).</summary>
    SalesOptIn = 1,

    /// <summary>A reference opted in as a candidate (routes <c>candidate-optin</c> and <c>candidateoptin</c>).</summary>
    CandidateOptIn = 2,

    /// <summary>A note was written to a candidate profile (routes <c>candidate-notes</c> and <c>candidatenotes</c>).</summary>
    CandidateNote = 3,

    /// <summary>A reference was completed and its PDF report generated (routes <c>reference-report</c> and <c>referencereports</c>).</summary>
    ReferenceReport = 4,
}

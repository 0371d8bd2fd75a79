namespace RefAssured.Sdk;

/// <summary>
/// A reference opted in as a sales lead: route qualified contacts into a CRM pipeline
/// (routes <c>sales-optin</c> and <c>salesoptin</c>).
/// </summary>
public sealed record SalesOptIn : OptInEvent
{
    /// <inheritdoc />
    public override RefAssuredEventType EventType => RefAssuredEventType.SalesOptIn;
}

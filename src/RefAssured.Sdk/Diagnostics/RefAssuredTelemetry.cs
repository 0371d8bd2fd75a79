namespace RefAssured.Sdk;

/// <summary>
/// The names under which the SDK publishes metrics (<see cref="System.Diagnostics.Metrics.Meter"/>)
/// and traces (<see cref="System.Diagnostics.ActivitySource"/>); OpenTelemetry and
/// <c>dotnet-counters</c> pick them up by these names.
/// </summary>
/// <remarks>
/// Instruments: <c>refassured.requests.received</c>, <c>refassured.requests.accepted</c>,
/// <c>refassured.requests.rejected</c> (tag <c>reason</c>), <c>refassured.acknowledgement.duration</c> (s),
/// <c>refassured.deliveries.processed</c>, <c>refassured.deliveries.failed</c>,
/// <c>refassured.deliveries.dead_lettered</c>, <c>refassured.handler.duration</c> (s). Every one is
/// tagged with <c>event_type</c> where it is known. Activities: <c>RefAssured.Receive</c> per request and
/// <c>RefAssured.Handle</c> per processing attempt, linked to the receive that stored it.
/// </remarks>
public static class RefAssuredTelemetry
{
    /// <summary>The name of the meter: <c>RefAssured.Sdk</c>.</summary>
    public const string MeterName = "RefAssured.Sdk";

    /// <summary>The name of the activity source: <c>RefAssured.Sdk</c>.</summary>
    public const string ActivitySourceName = "RefAssured.Sdk";
}

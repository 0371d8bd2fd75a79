namespace RefAssured.Sdk;

/// <summary>
/// The names under which the SDK publishes metrics (<see cref="System.Diagnostics.Metrics.Meter"/>)
/// and traces (<see cref="System.Diagnostics.ActivitySource"/>); OpenTelemetry and
/// <c>dotnet-counters</c> pick them up by these names.
/// </summary>
/// <remarks>
/// Instruments, after the OpenTelemetry conventions: <c>refassured.requests.received</c>,
/// <c>refassured.requests.accepted</c> and <c>refassured.requests.rejected</c> (<c>{request}</c>),
/// <c>refassured.acknowledgement.duration</c> (<c>s</c>), <c>refassured.deliveries.processed</c> and
/// <c>refassured.deliveries.dead_lettered</c> (<c>{delivery}</c>), <c>refassured.deliveries.failed</c>
/// (<c>{attempt}</c>) and <c>refassured.handler.duration</c> (<c>s</c>); the two durations advise
/// explicit bucket boundaries on .NET 9 and later. Attributes: <c>refassured.event.type</c> (the
/// hyphenated route name, for example <c>sales-optin</c>, as returned by
/// <see cref="RefAssuredEventTypes.GetRouteName"/>), <c>refassured.handler.name</c>,
/// <c>http.response.status_code</c> and, on failures, <c>error.type</c> (the
/// <see cref="RefAssuredReceiveStatus"/> name of a rejection, the exception type's full name of a
/// handler failure). Activities: <c>RefAssured.Receive</c> per request and <c>RefAssured.Handle</c>
/// per processing attempt, linked to the receive that stored it; they also carry
/// <c>refassured.delivery.id</c> and <c>refassured.delivery.attempt</c>, which metrics never do.
/// A failed attempt, and a receive answered 5xx, have the error status.
/// </remarks>
public static class RefAssuredTelemetry
{
    /// <summary>The name of the meter: <c>RefAssured.Sdk</c>.</summary>
    public const string MeterName = "RefAssured.Sdk";

    /// <summary>The name of the activity source: <c>RefAssured.Sdk</c>.</summary>
    public const string ActivitySourceName = "RefAssured.Sdk";
}

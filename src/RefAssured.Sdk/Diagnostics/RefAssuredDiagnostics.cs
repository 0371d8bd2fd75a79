using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace RefAssured.Sdk;

/// <summary>The SDK's meter and activity source, shared by the receiver, the dispatcher and the worker.</summary>
internal static class RefAssuredDiagnostics
{
    public static readonly ActivitySource ActivitySource = new(RefAssuredTelemetry.ActivitySourceName);

    private static readonly Meter Meter = new(RefAssuredTelemetry.MeterName);
    private static readonly Counter<long> Received = Meter.CreateCounter<long>("refassured.requests.received", description: "Webhook requests that reached the receiver.");
    private static readonly Counter<long> Accepted = Meter.CreateCounter<long>("refassured.requests.accepted", description: "Requests stored in the inbox and answered 200.");
    private static readonly Counter<long> Rejected = Meter.CreateCounter<long>("refassured.requests.rejected", description: "Requests answered with an error, by reason.");
    private static readonly Histogram<double> AckDuration = Meter.CreateHistogram<double>("refassured.acknowledgement.duration", "s", "Time from the start of a request to its answer.");
    private static readonly Counter<long> Processed = Meter.CreateCounter<long>("refassured.deliveries.processed", description: "Deliveries whose handlers all succeeded.");
    private static readonly Counter<long> Failed = Meter.CreateCounter<long>("refassured.deliveries.failed", description: "Processing attempts that failed.");
    private static readonly Counter<long> DeadLettered = Meter.CreateCounter<long>("refassured.deliveries.dead_lettered", description: "Deliveries dead-lettered.");
    private static readonly Histogram<double> HandlerDuration = Meter.CreateHistogram<double>("refassured.handler.duration", "s", "Time one handler took for one delivery.");

    // Boxed once, for the handler duration's "succeeded" tag.
    private static readonly object True = true;
    private static readonly object False = false;

    public static void RecordReceived(RefAssuredEventType? type) => Received.Add(1, EventTypeTag(type));

    // Start times for the two durations, read from the clock only while some listener measures
    // them; 0 otherwise, and a duration with no start is not recorded.
    public static long StartAcknowledgement() => AckDuration.Enabled ? Stopwatch.GetTimestamp() : 0;

    public static long StartHandler() => HandlerDuration.Enabled ? Stopwatch.GetTimestamp() : 0;

    public static void RecordOutcome(RefAssuredReceiveOutcome outcome, RefAssuredEventType? type, long started)
    {
        var tag = EventTypeTag(type);
        if (outcome.IsAccepted)
        {
            Accepted.Add(1, tag);
        }
        else
        {
            Rejected.Add(1, tag, new KeyValuePair<string, object?>("reason", outcome.Status.ToString()));
        }

        // The status code is boxed only when some listener measures the duration.
        if (AckDuration.Enabled && started != 0)
        {
            AckDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tag, new KeyValuePair<string, object?>("status_code", outcome.StatusCode));
        }
    }

    public static void RecordProcessed(RefAssuredEventType type) => Processed.Add(1, EventTypeTag(type));

    public static void RecordFailed(RefAssuredEventType type) => Failed.Add(1, EventTypeTag(type));

    public static void RecordDeadLettered(RefAssuredEventType type) => DeadLettered.Add(1, EventTypeTag(type));

    public static void RecordHandler(RefAssuredEventType type, string handler, long started, bool succeeded)
    {
        if (HandlerDuration.Enabled && started != 0)
        {
            HandlerDuration.Record(
                Stopwatch.GetElapsedTime(started).TotalSeconds,
                EventTypeTag(type),
                new KeyValuePair<string, object?>("handler", handler),
                new KeyValuePair<string, object?>("succeeded", succeeded ? True : False));
        }
    }

    private static KeyValuePair<string, object?> EventTypeTag(RefAssuredEventType? type) =>
        new("event_type", type is { } known ? RefAssuredEventTypes.GetRouteName(known) : "unknown");
}

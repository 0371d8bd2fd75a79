using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace RefAssured.Sdk;

/// <summary>
/// The SDK's meter and activity source, shared by the receiver, the dispatcher and the worker.
/// Attributes are named by <see cref="TelemetryTags"/>; the delivery id, unbounded, is on traces only.
/// </summary>
internal static class RefAssuredDiagnostics
{
    public static readonly ActivitySource ActivitySource = new(RefAssuredTelemetry.ActivitySourceName);

    // An acknowledgement is a store and an answer: sub-millisecond in memory, a few milliseconds
    // with a flush to disk, seconds only for a large report on a slow link.
    internal static readonly double[] AcknowledgementBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    // A handler is application code: from a quick database write to a slow call to another service.
    internal static readonly double[] HandlerBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

    private static readonly Meter Meter = new(RefAssuredTelemetry.MeterName);
    private static readonly Counter<long> Received = Meter.CreateCounter<long>("refassured.requests.received", "{request}", "Webhook requests that reached the receiver.");
    private static readonly Counter<long> Accepted = Meter.CreateCounter<long>("refassured.requests.accepted", "{request}", "Requests stored in the inbox and answered 200.");
    private static readonly Counter<long> Rejected = Meter.CreateCounter<long>("refassured.requests.rejected", "{request}", "Requests answered with an error, by error.type.");
    private static readonly Histogram<double> AckDuration = CreateDuration("refassured.acknowledgement.duration", "Time from the start of a request to its answer.", AcknowledgementBuckets);
    private static readonly Counter<long> Processed = Meter.CreateCounter<long>("refassured.deliveries.processed", "{delivery}", "Deliveries whose handlers all succeeded.");
    private static readonly Counter<long> Failed = Meter.CreateCounter<long>("refassured.deliveries.failed", "{attempt}", "Processing attempts that failed, by error.type.");
    private static readonly Counter<long> DeadLettered = Meter.CreateCounter<long>("refassured.deliveries.dead_lettered", "{delivery}", "Deliveries dead-lettered, by error.type.");
    private static readonly Histogram<double> HandlerDuration = CreateDuration("refassured.handler.duration", "Time one handler took for one delivery.", HandlerBuckets);

    public static void RecordReceived(RefAssuredEventType? type) => Received.Add(1, EventTypeTags(type));

    // Start times for the two durations, read from the clock only while some listener measures
    // them; 0 otherwise, and a duration with no start is not recorded.
    public static long StartAcknowledgement() => AckDuration.Enabled ? Stopwatch.GetTimestamp() : 0;

    public static long StartHandler() => HandlerDuration.Enabled ? Stopwatch.GetTimestamp() : 0;

    public static void RecordOutcome(RefAssuredReceiveOutcome outcome, RefAssuredEventType? type, long started)
    {
        var tags = EventTypeTags(type);
        if (outcome.IsAccepted)
        {
            Accepted.Add(1, tags);
        }
        else
        {
            tags.Add(TelemetryTags.ErrorType, TelemetryTags.ErrorTypeValue(outcome.Status));
            Rejected.Add(1, tags);
        }

        if (AckDuration.Enabled && started != 0)
        {
            tags.Add(TelemetryTags.StatusCode, TelemetryTags.StatusCodeValue(outcome.StatusCode));
            AckDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
        }
    }

    public static void RecordProcessed(RefAssuredEventType type) => Processed.Add(1, EventTypeTags(type));

    public static void RecordFailed(RefAssuredEventType type, string? errorType) => Failed.Add(1, FailureTags(type, errorType));

    public static void RecordDeadLettered(RefAssuredEventType type, string? errorType) => DeadLettered.Add(1, FailureTags(type, errorType));

    /// <summary>Records one handler's duration; <paramref name="error"/> is its exception when it failed.</summary>
    public static void RecordHandler(RefAssuredEventType type, string handler, long started, Exception? error)
    {
        if (HandlerDuration.Enabled && started != 0)
        {
            var tags = EventTypeTags(type);
            tags.Add(TelemetryTags.HandlerName, handler);
            if (error is not null)
            {
                tags.Add(TelemetryTags.ErrorType, TelemetryTags.ErrorTypeValue(error));
            }

            HandlerDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
        }
    }

    // An event type the route did not name is left out rather than given a made-up value.
    private static TagList EventTypeTags(RefAssuredEventType? type)
    {
        var tags = default(TagList);
        if (type is { } known)
        {
            tags.Add(TelemetryTags.EventType, TelemetryTags.EventTypeValue(known));
        }

        return tags;
    }

    private static TagList FailureTags(RefAssuredEventType type, string? errorType)
    {
        var tags = EventTypeTags(type);
        if (errorType is not null)
        {
            tags.Add(TelemetryTags.ErrorType, errorType);
        }

        return tags;
    }

    private static Histogram<double> CreateDuration(string name, string description, double[] buckets) =>
        Meter.CreateHistogram(name, "s", description, tags: null, new InstrumentAdvice<double> { HistogramBucketBoundaries = buckets });
}

using System.Diagnostics;

namespace RefAssured.Sdk;

/// <summary>
/// The SDK's two spans: <c>RefAssured.Receive</c> per request and <c>RefAssured.Handle</c> per
/// processing attempt, tagged by <see cref="TelemetryTags"/>; a failure is marked with
/// <see cref="ActivityStatusCode.Error"/> and <c>error.type</c>.
/// </summary>
internal static class RefAssuredActivities
{
    public const string ReceiveName = "RefAssured.Receive";
    public const string HandleName = "RefAssured.Handle";

    public static Activity? StartReceive() => RefAssuredDiagnostics.ActivitySource.StartActivity(ReceiveName);

    /// <summary>
    /// Tags a receive with its answer. A rejection carries <c>error.type</c>; only a 5xx answer, a
    /// failure of this side rather than of the sender's request, sets the error status.
    /// </summary>
    public static void SetOutcome(Activity? activity, RefAssuredEventType? type, RefAssuredReceiveOutcome outcome)
    {
        if (activity is null)
        {
            return;
        }

        if (type is { } known)
        {
            activity.SetTag(TelemetryTags.EventType, TelemetryTags.EventTypeValue(known));
        }

        activity.SetTag(TelemetryTags.DeliveryId, outcome.DeliveryId);
        activity.SetTag(TelemetryTags.StatusCode, TelemetryTags.StatusCodeValue(outcome.StatusCode));
        if (!outcome.IsAccepted)
        {
            var errorType = TelemetryTags.ErrorTypeValue(outcome.Status);
            activity.SetTag(TelemetryTags.ErrorType, errorType);
            if (outcome.StatusCode >= 500)
            {
                activity.SetStatus(ActivityStatusCode.Error, errorType);
            }
        }
    }

    /// <summary>Starts the span of one processing attempt, linked to the receive that stored the delivery.</summary>
    public static Activity? StartHandle(RefAssuredDelivery delivery)
    {
        if (!RefAssuredDiagnostics.ActivitySource.HasListeners())
        {
            return null;
        }

        ActivityLink[]? links = null;
        if (delivery.TraceParent is { } parent && ActivityContext.TryParse(parent, null, out var receive))
        {
            links = [new ActivityLink(receive)];
        }

        var activity = RefAssuredDiagnostics.ActivitySource.StartActivity(HandleName, ActivityKind.Consumer, default(ActivityContext), links: links);
        activity?.SetTag(TelemetryTags.EventType, TelemetryTags.EventTypeValue(delivery.EventType));
        activity?.SetTag(TelemetryTags.DeliveryId, delivery.DeliveryId);
        activity?.SetTag(TelemetryTags.DeliveryAttempt, delivery.Attempt);
        return activity;
    }

    /// <summary>Marks a failed attempt: <c>error.type</c> and the error status, described by the failed handlers' names.</summary>
    public static void SetResult(Activity? activity, RefAssuredDispatchResult result)
    {
        if (activity is null || result.Succeeded)
        {
            return;
        }

        var errorType = TelemetryTags.ErrorTypeValue(result);
        activity.SetTag(TelemetryTags.ErrorType, errorType);
        var failed = result.Outcomes.Where(o => !o.Succeeded).Select(o => o.HandlerName).ToList();
        activity.SetStatus(ActivityStatusCode.Error, failed.Count == 0 ? errorType : $"{errorType} in {string.Join(", ", failed)}");
    }
}

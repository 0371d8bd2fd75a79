using System.Globalization;

namespace RefAssured.Sdk.HttpListener;

/// <summary>
/// Turns the SDK's notable moments into text lines for <see cref="RefAssuredHttpListenerOptions.Log"/>
/// (the same events the ASP.NET Core adapter logs) and forwards them to the application's observer.
/// Only ids, sizes, reasons and addresses are written: never the key, never payload contents.
/// </summary>
internal sealed class HostObserver(Action<string>? log, RefAssuredObserver? forward) : RefAssuredObserver
{
    public override void DeliveryAccepted(RefAssuredDelivery delivery, string? remoteAddress)
    {
        Write($"info: Accepted RefAssured {delivery.EventType} delivery {delivery.DeliveryId} ({delivery.Body.Length} bytes) from {remoteAddress}");
        Forward(o => o.DeliveryAccepted(delivery, remoteAddress));
    }

    public override void RequestRejected(RefAssuredReceiveOutcome outcome, RefAssuredEventType? eventType, string? remoteAddress)
    {
        Write($"warn: Rejected a RefAssured request with {outcome.StatusCode} {outcome.Status} (event {eventType?.ToString() ?? "unknown"}) from {remoteAddress}: {outcome.Detail}");
        Forward(o => o.RequestRejected(outcome, eventType, remoteAddress));
    }

    public override void HandlerFailed(RefAssuredDelivery delivery, RefAssuredHandlerOutcome outcome, DateTimeOffset? retryAt)
    {
        var next = retryAt?.ToString("O", CultureInfo.InvariantCulture) ?? "none, it is dead-lettered";
        Write($"warn: RefAssured handler {outcome.HandlerName} failed for {delivery.EventType} delivery {delivery.DeliveryId} on attempt {delivery.Attempt}; next attempt: {next}. {outcome.Exception?.GetType().Name}: {outcome.Exception?.Message}");
        Forward(o => o.HandlerFailed(delivery, outcome, retryAt));
    }

    public override void DeliveryDeadLettered(RefAssuredDelivery delivery, string reason)
    {
        Write($"fail: RefAssured {delivery.EventType} delivery {delivery.DeliveryId} was dead-lettered after attempt {delivery.Attempt}; replay it with IRefAssuredDeadLetterStore once the cause is fixed. Cause: {reason}");
        Forward(o => o.DeliveryDeadLettered(delivery, reason));
    }

    public override void InboxFailed(string operation, Exception exception)
    {
        Write($"fail: The RefAssured inbox failed to {operation} a delivery. {exception.GetType().Name}: {exception.Message}");
        Forward(o => o.InboxFailed(operation, exception));
    }

    private void Forward(Action<RefAssuredObserver> notify)
    {
        if (forward is null)
        {
            return;
        }

        try
        {
            notify(forward);
        }
#pragma warning disable CA1031 // The application's observer is diagnostics only.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private void Write(string line)
    {
        if (log is null)
        {
            return;
        }

        try
        {
            log(line);
        }
#pragma warning disable CA1031 // A failing log sink must not break receiving.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}

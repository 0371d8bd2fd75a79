using Messages = RefAssured.Sdk.RefAssuredLogMessages;

namespace RefAssured.Sdk.HttpListener;

/// <summary>
/// Turns the SDK's notable moments into text for <see cref="RefAssuredHttpListenerOptions.Log"/>,
/// with the event ids and texts every host shares (<see cref="RefAssuredLogMessages"/>), and
/// forwards them to the application's observer. An entry reads as a console logger writes it:
/// <c>warn: RefAssured.Sdk[2] Rejected a RefAssured request with …</c>, and where there is an
/// exception, its type and message on the next line. Never the key, never payload contents.
/// </summary>
internal sealed class HostObserver(Action<string>? log, RefAssuredObserver? forward) : RefAssuredObserver
{
    public override void DeliveryAccepted(RefAssuredDelivery delivery, string? remoteAddress)
    {
        Write(Messages.DeliveryAcceptedLevel, Messages.DeliveryAcceptedId, null, Messages.DeliveryAccepted,
            delivery.EventType, delivery.DeliveryId, delivery.Body.Length, remoteAddress);
        Forward(o => o.DeliveryAccepted(delivery, remoteAddress));
    }

    public override void RequestRejected(RefAssuredReceiveOutcome outcome, RefAssuredEventType? eventType, string? remoteAddress)
    {
        Write(Messages.RequestRejectedLevel, Messages.RequestRejectedId, null, Messages.RequestRejected,
            outcome.StatusCode, outcome.Status, Messages.EventType(eventType), remoteAddress, outcome.Detail);
        Forward(o => o.RequestRejected(outcome, eventType, remoteAddress));
    }

    public override void HandlerFailed(RefAssuredDelivery delivery, RefAssuredHandlerOutcome outcome, DateTimeOffset? retryAt)
    {
        Write(Messages.HandlerFailedLevel, Messages.HandlerFailedId, outcome.Exception, Messages.HandlerFailed,
            outcome.HandlerName, delivery.EventType, delivery.DeliveryId, delivery.Attempt, Messages.NextAttempt(retryAt));
        Forward(o => o.HandlerFailed(delivery, outcome, retryAt));
    }

    public override void DeliveryDeadLettered(RefAssuredDelivery delivery, string reason)
    {
        Write(Messages.DeliveryDeadLetteredLevel, Messages.DeliveryDeadLetteredId, null, Messages.DeliveryDeadLettered,
            delivery.EventType, delivery.DeliveryId, delivery.Attempt, reason);
        Forward(o => o.DeliveryDeadLettered(delivery, reason));
    }

    public override void InboxFailed(string operation, Exception exception)
    {
        Write(Messages.InboxFailedLevel, Messages.InboxFailedId, exception, Messages.InboxFailed, operation);
        Forward(o => o.InboxFailed(operation, exception));
    }

    /// <summary>The event id of <see cref="AcceptFailed"/>, a moment only this host has.</summary>
    public const int AcceptFailedId = 100;

    /// <summary>Logs a request the host refused itself, before the receive pipeline, as the pipeline's refusals read.</summary>
    public void RequestRefused(HostProblem problem, RefAssuredEventType? eventType, string? remoteAddress) =>
        Write(Messages.RequestRejectedLevel, Messages.RequestRejectedId, null, Messages.RequestRejected,
            problem.StatusCode, problem.Reason, Messages.EventType(eventType), remoteAddress, problem.Detail);

    /// <summary>Logs an accept that failed; the host accepts again after <paramref name="backoff"/>.</summary>
    public void AcceptFailed(Exception exception, TimeSpan backoff) =>
        Write(Messages.Level.Error, AcceptFailedId, exception, "The HttpListener failed to accept a request; accepting again in {Backoff} ms",
            (long)backoff.TotalMilliseconds);

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

    private void Write(Messages.Level level, int eventId, Exception? exception, string template, params object?[] values)
    {
        if (log is null)
        {
            return;
        }

        try
        {
            var entry = $"{Messages.ShortName(level)}: {Messages.Category}[{eventId}] {Messages.Render(template, values)}";
            log(exception is null ? entry : $"{entry}{Environment.NewLine}{exception.GetType().Name}: {exception.Message}");
        }
#pragma warning disable CA1031 // A failing log sink must not break receiving.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}

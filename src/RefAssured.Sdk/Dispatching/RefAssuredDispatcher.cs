namespace RefAssured.Sdk;

/// <summary>Calls the registered handlers of a delivery's event type, one after the other.</summary>
internal sealed class RefAssuredDispatcher(HandlerRegistration[] registrations) : IRefAssuredDispatcher
{
    public async Task<RefAssuredDispatchResult> DispatchAsync(RefAssuredDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var evt = delivery.ParsedEvent;
        if (evt is null || evt.EventType != delivery.EventType)
        {
            var parsed = RefAssuredEventParser.Parse(delivery.EventType, delivery.Body);
            if (!parsed.IsSuccess)
            {
                return new RefAssuredDispatchResult([], parsed.Error);
            }

            evt = parsed.Event;
        }

        var context = new RefAssuredEventContext(delivery);
        var outcomes = new List<RefAssuredHandlerOutcome>(1);
        foreach (var registration in registrations)
        {
            if (registration.EventType != delivery.EventType || delivery.CompletedHandlers.Contains(registration.Name))
            {
                continue;
            }

            outcomes.Add(await InvokeAsync(registration, evt, context, cancellationToken).ConfigureAwait(false));
        }

        return new RefAssuredDispatchResult(outcomes);
    }

    private static async ValueTask<RefAssuredHandlerOutcome> InvokeAsync(HandlerRegistration registration, RefAssuredEvent evt, RefAssuredEventContext context, CancellationToken cancellationToken)
    {
        var started = RefAssuredDiagnostics.StartHandler();
        try
        {
            await registration.Invoke(evt, context, cancellationToken).ConfigureAwait(false);
            RefAssuredDiagnostics.RecordHandler(context.EventType, registration.Name, started, error: null);
            return new RefAssuredHandlerOutcome(registration.Name, null);
        }
#pragma warning disable CA1031 // A handler's failure, whatever it is, is reported per handler and must not stop the others.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            RefAssuredDiagnostics.RecordHandler(context.EventType, registration.Name, started, ex);
            return new RefAssuredHandlerOutcome(registration.Name, ex);
        }
    }
}

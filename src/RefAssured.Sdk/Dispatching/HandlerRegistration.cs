namespace RefAssured.Sdk;

/// <summary>
/// One handler, with its event type resolved and its call wrapped when it is registered, so that
/// dispatching only casts the parsed event.
/// </summary>
internal sealed record HandlerRegistration(
    RefAssuredEventType EventType,
    string Name,
    Func<RefAssuredEvent, RefAssuredEventContext, CancellationToken, Task> Invoke)
{
    public static HandlerRegistration For<TEvent>(string name, Func<TEvent, RefAssuredEventContext, CancellationToken, Task> handler)
        where TEvent : RefAssuredEvent =>
        new(EventTypeOf<TEvent>(), name, (evt, context, ct) => handler((TEvent)evt, context, ct));

    public static RefAssuredEventType EventTypeOf<TEvent>()
        where TEvent : RefAssuredEvent
    {
        if (typeof(TEvent) == typeof(SalesOptIn))
        {
            return RefAssuredEventType.SalesOptIn;
        }

        if (typeof(TEvent) == typeof(CandidateOptIn))
        {
            return RefAssuredEventType.CandidateOptIn;
        }

        if (typeof(TEvent) == typeof(CandidateNote))
        {
            return RefAssuredEventType.CandidateNote;
        }

        if (typeof(TEvent) == typeof(ReferenceReport))
        {
            return RefAssuredEventType.ReferenceReport;
        }

        throw new ArgumentException(
            $"{typeof(TEvent).Name} is not an event RefAssured delivers; handle SalesOptIn, CandidateOptIn, CandidateNote or ReferenceReport.",
            nameof(TEvent));
    }
}

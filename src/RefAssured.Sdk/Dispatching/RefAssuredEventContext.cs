namespace RefAssured.Sdk;

/// <summary>The delivery an event came in, as a handler sees it.</summary>
public sealed class RefAssuredEventContext
{
    /// <summary>Initializes a context for a stored delivery; the worker does this, tests of handlers may too.</summary>
    /// <param name="delivery">The delivery being handled.</param>
    /// <exception cref="ArgumentNullException"><paramref name="delivery"/> is <see langword="null"/>.</exception>
    public RefAssuredEventContext(RefAssuredDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        Delivery = delivery;
    }

    /// <summary>Gets the delivery's id: stable across retries and restarts, so it can key idempotent work.</summary>
    public string DeliveryId => Delivery.DeliveryId;

    /// <summary>Gets the event type, from the route the delivery came to.</summary>
    public RefAssuredEventType EventType => Delivery.EventType;

    /// <summary>Gets when the receiver accepted the delivery.</summary>
    public DateTimeOffset ReceivedAt => Delivery.ReceivedAt;

    /// <summary>Gets the number of this processing attempt, from 1.</summary>
    public int Attempt => Delivery.Attempt;

    /// <summary>Gets the route values of the request, for example a tenant; empty when there were none.</summary>
    public IReadOnlyDictionary<string, string> RouteValues => Delivery.RouteValues;

    /// <summary>Gets the body exactly as received (UTF-8 JSON), for auditing or raw access.</summary>
    public ReadOnlyMemory<byte> RawBody => Delivery.Body;

    /// <summary>Gets the stored delivery.</summary>
    public RefAssuredDelivery Delivery { get; }

    /// <summary>Returns the delivery's id and type.</summary>
    /// <returns>For example <c>SalesOptIn 01JD… (attempt 1)</c>.</returns>
    public override string ToString() => $"{EventType} {DeliveryId} (attempt {Attempt})";
}

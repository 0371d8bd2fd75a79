namespace RefAssured.Sdk.Testing;

/// <summary>
/// Creates the <see cref="RefAssuredEventContext"/> a handler receives, with sensible defaults,
/// so that a handler can be called directly in a unit test:
/// <code>
/// var report = RefAssuredSamples.ReferenceReportWithPdf;
/// await handler.HandleAsync(report, RefAssuredTestContext.For(report), CancellationToken.None);
/// </code>
/// </summary>
public static class RefAssuredTestContext
{
    /// <summary>Creates a context for the first attempt at handling <paramref name="evt"/>.</summary>
    /// <param name="evt">The event the handler is called with; gives the context's event type.</param>
    /// <param name="deliveryId">The delivery id; by default a new, well-formed one.</param>
    /// <param name="attempt">The processing attempt, from 1.</param>
    /// <param name="receivedAt">When the delivery was accepted; by default now.</param>
    /// <param name="rawBody">
    /// The body as received; by default the vendor's bytes for a sample from
    /// <see cref="RefAssuredSamples"/>, otherwise the event written by <see cref="RefAssuredEventJson"/>.
    /// </param>
    /// <param name="routeValues">The route values of the request, for example a tenant; by default none.</param>
    /// <returns>A context as the worker would hand it to a handler.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="evt"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="attempt"/> is less than 1.</exception>
    public static RefAssuredEventContext For(
        RefAssuredEvent evt,
        string? deliveryId = null,
        int attempt = 1,
        DateTimeOffset? receivedAt = null,
        ReadOnlyMemory<byte>? rawBody = null,
        IReadOnlyDictionary<string, string>? routeValues = null)
    {
        ArgumentNullException.ThrowIfNull(evt);
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var at = receivedAt ?? DateTimeOffset.UtcNow;
        var body = rawBody ?? (RefAssuredSamples.TryGetBody(evt, out var sample) ? sample : RefAssuredEventJson.ToUtf8Bytes(evt));
        var delivery = new RefAssuredDelivery(deliveryId ?? DeliveryIds.New(at), evt.EventType, at, body) { Attempt = attempt };
        if (routeValues is not null)
        {
            delivery = delivery with { RouteValues = routeValues };
        }

        return new RefAssuredEventContext(delivery);
    }
}

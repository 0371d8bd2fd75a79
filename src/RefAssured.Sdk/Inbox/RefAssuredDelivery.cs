namespace RefAssured.Sdk.Hosting;

/// <summary>
/// One accepted webhook request as the inbox stores it: the raw body and what is known about it.
/// The body is kept as received and parsed again when the delivery is handled.
/// </summary>
/// <param name="DeliveryId">The id given on receipt; stable across retries, restarts and replays.</param>
/// <param name="EventType">The event type, from the route.</param>
/// <param name="ReceivedAt">When the receiver accepted it.</param>
/// <param name="Body">The body exactly as received (UTF-8 JSON).</param>
/// <remarks><see cref="ToString"/> leaves out the body, which holds personal data.</remarks>
public sealed record RefAssuredDelivery(string DeliveryId, RefAssuredEventType EventType, DateTimeOffset ReceivedAt, ReadOnlyMemory<byte> Body)
{
    private static readonly IReadOnlyDictionary<string, string> NoRouteValues = new Dictionary<string, string>();

    /// <summary>Gets the route values of the request (for example a tenant); empty by default.</summary>
    public IReadOnlyDictionary<string, string> RouteValues { get; init; } = NoRouteValues;

    /// <summary>Gets the number of the processing attempt this delivery is handed out for, from 1.</summary>
    public int Attempt { get; init; } = 1;

    /// <summary>Gets the names of the handlers that already succeeded for it; a retry skips them.</summary>
    public IReadOnlySet<string> CompletedHandlers { get; init; } = System.Collections.Frozen.FrozenSet<string>.Empty;

    /// <summary>
    /// Gets the W3C trace context of the request that stored it, linking its handling to the
    /// receive; set when the request's activity was recorded (sampled by a trace listener), otherwise <see langword="null"/>.
    /// </summary>
    public string? TraceParent { get; init; }

    /// <summary>
    /// Gets the event as the receiver parsed it, so that the worker need not parse the same bytes
    /// again. The in-memory inbox hands it through; the file inbox does not keep it, and the
    /// worker parses the stored body.
    /// </summary>
    internal RefAssuredEvent? ParsedEvent { get; init; }

    /// <summary>Returns the id, type, attempt and body size, without the body.</summary>
    /// <returns>For example <c>SalesOptIn 01JD… attempt 1, 704 bytes</c>.</returns>
    public override string ToString() => $"{EventType} {DeliveryId} attempt {Attempt}, {Body.Length} bytes";
}

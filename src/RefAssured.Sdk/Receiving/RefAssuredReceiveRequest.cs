namespace RefAssured.Sdk.Hosting;

/// <summary>
/// One HTTP request as a host hands it to <see cref="RefAssuredReceiver"/>: the host only
/// translates, the receiver makes every check. Nothing in it is read before the key is verified,
/// and the body is read at most up to the size limit.
/// </summary>
public sealed class RefAssuredReceiveRequest
{
    private static readonly IReadOnlyDictionary<string, string> NoRouteValues = new Dictionary<string, string>();

    /// <summary>Gets the event route segment, such as <c>sales-optin</c>; ignored when <see cref="EventType"/> is set.</summary>
    public string? EventRoute { get; init; }

    /// <summary>Gets the event type when the host mapped a path to one event; otherwise <see cref="EventRoute"/> decides.</summary>
    public RefAssuredEventType? EventType { get; init; }

    /// <summary>
    /// Gets the request's HTTP method, such as <c>POST</c>; any other than <c>POST</c> (compared
    /// without regard to case) is answered 405. Default <c>POST</c>: a host that serves other
    /// methods on the same path must set it.
    /// </summary>
    public string Method { get; init; } = "POST";

    /// <summary>
    /// Gets whether the request came over HTTPS, as the host sees it (behind a TLS-terminating
    /// proxy, after the host applied the forwarded headers). Default <see langword="false"/>; only
    /// read when <see cref="RefAssuredReceiverOptions.RequireHttps"/> is set.
    /// </summary>
    public bool IsHttps { get; init; }

    /// <summary>Gets a lookup of request headers by name (case-insensitive), returning <see langword="null"/> when absent.</summary>
    public required Func<string, string?> GetHeader { get; init; }

    /// <summary>Gets the <c>Content-Type</c> header, or <see langword="null"/> when absent.</summary>
    public string? ContentType { get; init; }

    /// <summary>Gets the declared <c>Content-Length</c>, or <see langword="null"/> when unknown (chunked).</summary>
    public long? ContentLength { get; init; }

    /// <summary>Gets the body stream; read once, not disposed.</summary>
    public required Stream Body { get; init; }

    /// <summary>Gets the route values (for example a tenant), kept with the delivery; empty by default.</summary>
    public IReadOnlyDictionary<string, string> RouteValues { get; init; } = NoRouteValues;

    /// <summary>Gets the sender's address as the host sees it, passed to <see cref="RefAssuredObserver"/>; optional.</summary>
    public string? RemoteAddress { get; init; }
}

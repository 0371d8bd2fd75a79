namespace RefAssured.Sdk.Hosting;

/// <summary>How <see cref="RefAssuredReceiver"/> checks and limits requests.</summary>
public sealed class RefAssuredReceiverOptions
{
    /// <summary>The default <see cref="MaxBodySize"/>: 40 MiB, room for a 25 MB PDF in base64 with escaping and line breaks.</summary>
    public const long DefaultMaxBodySize = 40L * 1024 * 1024;

    /// <summary>The default <see cref="MaxBufferedBytes"/>: 256 MiB, room for six bodies of the default size limit at once.</summary>
    public const long DefaultMaxBufferedBytes = 256L * 1024 * 1024;

    /// <summary>Gets or sets the valid verification keys. Default: none, so every request is refused until keys are set.</summary>
    public RefAssuredKeySet Keys { get; set; } = RefAssuredKeySet.None;

    /// <summary>Gets or sets a resolver that picks the valid keys per request; when set, <see cref="Keys"/> is not used.</summary>
    public IRefAssuredKeyResolver? KeyResolver { get; set; }

    /// <summary>
    /// Gets or sets whether requests that did not come over HTTPS (<see cref="RefAssuredReceiveRequest.IsHttps"/>)
    /// are refused with 403. Default <see langword="false"/>; each host sets it from its own options.
    /// </summary>
    public bool RequireHttps { get; set; }

    /// <summary>Gets or sets the largest body accepted, in bytes. Default <see cref="DefaultMaxBodySize"/>.</summary>
    public long MaxBodySize { get; set; } = DefaultMaxBodySize;

    /// <summary>
    /// Gets or sets the most bytes of request bodies held in memory at once: those of all requests
    /// being read and, when the inbox is an <see cref="InMemoryRefAssuredInbox"/>, those of the
    /// deliveries waiting in it (then the smaller of this and its
    /// <see cref="InMemoryRefAssuredInbox.MaxBufferedBytes"/> applies). Bytes count as they arrive,
    /// not as a client declares them. A request that would go past it is answered 503 and not
    /// stored. Default <see cref="DefaultMaxBufferedBytes"/>.
    /// </summary>
    public long MaxBufferedBytes { get; set; } = DefaultMaxBufferedBytes;

    /// <summary>Gets or sets the observer told of accepted and rejected requests; optional.</summary>
    public RefAssuredObserver? Observer { get; set; }
}

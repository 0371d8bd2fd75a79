namespace RefAssured.Sdk.HttpListener;

/// <summary>How <see cref="RefAssuredHttpListenerHost"/> listens, verifies, stores and processes.</summary>
public sealed class RefAssuredHttpListenerOptions
{
    /// <summary>The default of <see cref="MaxConcurrentRequests"/>: 100.</summary>
    public const int DefaultMaxConcurrentRequests = 100;

    /// <summary>
    /// Gets the URL prefixes to listen on, each ending in <c>/</c>, for example
    /// <c>http://127.0.0.1:8080/webhooks/refassured/</c>; events arrive at <c>{prefix}{event}</c>.
    /// At least one is required.
    /// </summary>
    public IList<string> Prefixes { get; } = [];

    /// <summary>Gets or sets the valid verification keys. Required unless <see cref="KeyResolver"/> is set: with no key every request is refused.</summary>
    public RefAssuredKeySet Keys { get; set; } = RefAssuredKeySet.None;

    /// <summary>Gets or sets a resolver that picks the valid keys per request; when set, <see cref="Keys"/> is not used.</summary>
    public IRefAssuredKeyResolver? KeyResolver { get; set; }

    /// <summary>Gets or sets the largest body accepted, in bytes; enforced while reading. Default <see cref="RefAssuredReceiverOptions.DefaultMaxBodySize"/>.</summary>
    public long MaxBodySize { get; set; } = RefAssuredReceiverOptions.DefaultMaxBodySize;

    /// <summary>Gets or sets whether plain-HTTP requests are refused with 403. Default <see langword="false"/>: <see cref="System.Net.HttpListener"/> terminates TLS only where the operating system is set up for it.</summary>
    public bool RequireHttps { get; set; }

    /// <summary>
    /// Gets or sets the most bytes of request bodies held in memory at once, counted as they
    /// arrive: those of all requests being read and, with an <see cref="InMemoryRefAssuredInbox"/>,
    /// of the deliveries waiting in it. A request that would go past it is answered 503 and not
    /// stored. At least <see cref="MaxBodySize"/>. Default <see cref="RefAssuredReceiverOptions.DefaultMaxBufferedBytes"/>.
    /// </summary>
    public long MaxBufferedBytes { get; set; } = RefAssuredReceiverOptions.DefaultMaxBufferedBytes;

    /// <summary>Gets or sets the inbox. Default: a <see cref="FileRefAssuredInbox"/> over <see cref="FileInbox"/>, owned and disposed by the host.</summary>
    public IRefAssuredInbox? Inbox { get; set; }

    /// <summary>Gets or sets the settings of the default file inbox. Default directory <c>refassured-inbox</c> under the working directory.</summary>
    public FileRefAssuredInboxOptions FileInbox { get; set; } = new();

    /// <summary>Gets or sets the worker's concurrency, shutdown timeout and retry policy.</summary>
    public RefAssuredWorkerOptions Worker { get; set; } = new();

    /// <summary>Gets or sets how long <see cref="RefAssuredHttpListenerHost.StopAsync"/> waits for requests being received to finish. Default 5 seconds.</summary>
    public TimeSpan RequestDrainTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Gets or sets the most requests received at once (from their headers until their answer is
    /// sent); past it a request is answered 503 (<c>server-busy</c>) without its body being read.
    /// Handlers do not count: they run later, in the worker. Default 100.
    /// </summary>
    public int MaxConcurrentRequests { get; set; } = DefaultMaxConcurrentRequests;

    /// <summary>
    /// Gets or sets the slowest average rate, in bytes per second, at which a request body may
    /// arrive once <see cref="MinRequestBodyDataRateGracePeriod"/> has passed (averaged from the
    /// first read of the body). A slower sender is answered 400 (<c>body-unreadable</c>), as Kestrel
    /// answers it, and its connection is closed at once; nothing of it is stored. 0 turns the check
    /// off. Default 240, as Kestrel's.
    /// </summary>
    public double MinRequestBodyDataRate { get; set; } = 240;

    /// <summary>Gets or sets how long a request body may arrive at any rate before <see cref="MinRequestBodyDataRate"/> applies. Default 5 seconds, as Kestrel's.</summary>
    public TimeSpan MinRequestBodyDataRateGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Gets or sets how long a client may take to send a request's headers. Applied where the
    /// platform's listener supports it (HTTP.sys on Windows, as its <c>HeaderWait</c> timeout);
    /// the managed listener on Linux and macOS has no such deadline (see the documentation).
    /// Default 30 seconds, as Kestrel's.
    /// </summary>
    public TimeSpan RequestHeadersTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets the most bytes of a refused request's unread body that are read and discarded
    /// after its answer was sent, so that the sender's upload ends normally and it reads the answer
    /// instead of meeting a reset connection. Past it, or past <see cref="UnreadBodyDrainTimeout"/>,
    /// the connection is closed. Default 128 MiB.
    /// </summary>
    public long UnreadBodyDrainLimit { get; set; } = 128L * 1024 * 1024;

    /// <summary>Gets or sets how long the unread body of a refused request is read and discarded at most; see <see cref="UnreadBodyDrainLimit"/>. Default 5 seconds.</summary>
    public TimeSpan UnreadBodyDrainTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Gets or sets a callback that receives one entry of text per accepted delivery, rejected
    /// request, handler failure, dead letter and inbox error, for logging without a logging
    /// package (for example <c>Console.WriteLine</c>). An entry reads as the console logger of
    /// ASP.NET Core writes the same moment, with the same event id and text, for example
    /// <c>info: RefAssured.Sdk[1] Accepted RefAssured SalesOptIn delivery …</c>; where there is an
    /// exception, its type and message follow on a second line. Entries hold ids, sizes, reasons
    /// and addresses, never the key or payload contents.
    /// </summary>
    public Action<string>? Log { get; set; }

    /// <summary>Gets or sets an observer for the same moments, with structured arguments; optional.</summary>
    public RefAssuredObserver? Observer { get; set; }

    /// <summary>Gets or sets the clock; <see cref="TimeProvider.System"/> by default.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Checks the options.</summary>
    /// <returns>Every problem found, in words; empty when the options are valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Prefixes.Count == 0)
        {
            problems.Add("Add at least one prefix to Prefixes, for example http://127.0.0.1:8080/webhooks/refassured/.");
        }

        foreach (var prefix in Prefixes)
        {
            if (!Uri.TryCreate(prefix, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || !prefix.EndsWith('/'))
            {
                problems.Add($"The prefix '{prefix}' must be an absolute http:// or https:// URL ending in '/'.");
            }
        }

        if (Keys.Count == 0 && KeyResolver is null)
        {
            problems.Add("Set Keys (for example from the REFASSURED_WEBHOOK_KEY environment variable) or a KeyResolver: without a key every request is refused.");
        }

        if (MaxBodySize < 1)
        {
            problems.Add($"MaxBodySize must be positive (was {MaxBodySize}).");
        }

        if (MaxBufferedBytes < MaxBodySize)
        {
            problems.Add($"MaxBufferedBytes must be at least MaxBodySize ({MaxBodySize}), or no body of the largest size could be received (was {MaxBufferedBytes}).");
        }

        if (MaxConcurrentRequests < 1)
        {
            problems.Add($"MaxConcurrentRequests must be positive (was {MaxConcurrentRequests}).");
        }

        if (MinRequestBodyDataRate < 0 || double.IsNaN(MinRequestBodyDataRate) || double.IsInfinity(MinRequestBodyDataRate))
        {
            problems.Add($"MinRequestBodyDataRate must be 0 (off) or a positive number of bytes per second (was {MinRequestBodyDataRate}).");
        }

        if (MinRequestBodyDataRateGracePeriod < TimeSpan.Zero || UnreadBodyDrainTimeout < TimeSpan.Zero)
        {
            problems.Add("MinRequestBodyDataRateGracePeriod and UnreadBodyDrainTimeout must not be negative.");
        }

        // HTTP.sys takes the header timeout in whole seconds that fit 16 bits.
        if (RequestHeadersTimeout <= TimeSpan.Zero || RequestHeadersTimeout.TotalSeconds > ushort.MaxValue)
        {
            problems.Add($"RequestHeadersTimeout must be positive and at most {ushort.MaxValue} seconds (was {RequestHeadersTimeout}).");
        }

        if (UnreadBodyDrainLimit < 0)
        {
            problems.Add($"UnreadBodyDrainLimit must not be negative (was {UnreadBodyDrainLimit}).");
        }

        if (Inbox is null)
        {
            problems.AddRange(FileInbox.Validate());
        }

        return problems;
    }
}

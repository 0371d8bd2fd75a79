using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace RefAssured.Sdk.AspNetCore;

/// <summary>
/// Settings of the RefAssured webhook endpoints and of their background processing, bound from a
/// configuration section (<c>RefAssured</c> by convention) and validated when the application starts.
/// </summary>
public sealed class RefAssuredWebhookOptions
{
    /// <summary>The environment variable read for the key when <see cref="Key"/> is not set: <c>REFASSURED_WEBHOOK_KEY</c>, the name the vendor's documentation uses.</summary>
    public const string KeyEnvironmentVariable = "REFASSURED_WEBHOOK_KEY";

    /// <summary>The conventional configuration section: <c>RefAssured</c>.</summary>
    public const string DefaultSectionName = "RefAssured";

    /// <summary>
    /// Gets or sets the verification key RefAssured sends in the <c>x-refassured-key</c> header,
    /// compared exactly. Default: none; then the environment variable <see cref="KeyEnvironmentVariable"/>
    /// is used, and start-up fails if that is not set either (unless a key resolver is registered).
    /// Follows configuration reloads; a reloaded configuration that is not valid leaves the keys in use.
    /// </summary>
    public string? Key { get; set; }

    /// <summary>
    /// Gets further keys valid at the same time, for a rotation (the old key here while RefAssured
    /// switches to the new <see cref="Key"/>) or for several environments. Follows configuration
    /// reloads. Default: empty.
    /// </summary>
    public IList<string> AdditionalKeys { get; } = [];

    /// <summary>
    /// Gets or sets the largest body accepted, in bytes; larger requests get 413. Kestrel's own
    /// request-size limit is raised above it for the webhook endpoints only. Default 40 MiB
    /// (<see cref="RefAssuredReceiverOptions.DefaultMaxBodySize"/>), room for a 25 MB PDF.
    /// </summary>
    public long MaxBodySize { get; set; } = RefAssuredReceiverOptions.DefaultMaxBodySize;

    /// <summary>
    /// Gets or sets the most bytes of request bodies held in memory at once, across all requests
    /// being read and the deliveries waiting in the in-memory inbox; a request that would go past
    /// it gets 503. Default 256 MiB (<see cref="RefAssuredReceiverOptions.DefaultMaxBufferedBytes"/>).
    /// At least <see cref="MaxBodySize"/>.
    /// </summary>
    public long MaxBufferedBytes { get; set; } = RefAssuredReceiverOptions.DefaultMaxBufferedBytes;

    /// <summary>
    /// Gets or sets whether a request over plain HTTP is refused with 403. Default <see langword="null"/>:
    /// required outside the Development environment. Behind a proxy that ends TLS, use the
    /// forwarded-headers middleware so that the request's scheme is the client's.
    /// </summary>
    public bool? RequireHttps { get; set; }

    /// <summary>
    /// Gets or sets where accepted deliveries are stored. Default <see cref="RefAssuredInboxKind.File"/>.
    /// <see cref="RefAssuredInboxKind.PostgreSql"/> needs the package <c>RefAssured.Sdk.AspNetCore.PostgreSql</c>.
    /// </summary>
    public RefAssuredInboxKind Inbox { get; set; } = RefAssuredInboxKind.File;

    /// <summary>
    /// Gets or sets the directory of the file inbox, relative to the working directory unless absolute.
    /// Required by the file inbox, ignored by the others. Default <c>refassured-inbox</c>.
    /// </summary>
    public string InboxDirectory { get; set; } = FileRefAssuredInboxOptions.DefaultDirectory;

    /// <summary>Gets or sets how long the file and PostgreSQL inboxes keep their record of completed deliveries. Default 7 days.</summary>
    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Gets or sets how long the file and PostgreSQL inboxes keep the raw bodies (personal data) of
    /// completed deliveries. Default <see langword="null"/>: as long as <see cref="InboxRetention"/>.
    /// </summary>
    public TimeSpan? InboxCompletedBodyRetention { get; set; }

    /// <summary>
    /// Gets or sets how long the file and PostgreSQL inboxes keep a dead letter, body included; after
    /// it the dead letter is removed (the file inbox's audit trail records it as <c>expired</c>). The
    /// file inbox's quarantined bytes are removed after the same time. Default 30 days.
    /// </summary>
    public TimeSpan InboxDeadLetterRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// Gets or sets the most bytes the file inbox's directory may hold; past it, deliveries are
    /// answered 503 until retention frees space. At least 128 MiB (two segments). Ignored by the
    /// other inboxes. Default <see langword="null"/>: no quota.
    /// </summary>
    public long? InboxSizeQuota { get; set; }

    /// <summary>Gets or sets how many unfinished deliveries the in-memory inbox holds before answering 503. Default 10,000.</summary>
    [Range(1, int.MaxValue)]
    public int InMemoryInboxCapacity { get; set; } = InMemoryRefAssuredInbox.DefaultCapacity;

    /// <summary>Gets or sets how many deliveries are handled at once. Default 4.</summary>
    [Range(1, 1024)]
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>
    /// Gets or sets whether the error kept with a failed delivery (dead letters, the file inbox's
    /// audit trail) includes exception messages, which often quote payload values. Default
    /// <see langword="false"/>: handler names and exception types only; the log gets the messages either way.
    /// </summary>
    public bool StoreExceptionMessages { get; set; }

    /// <summary>Gets or sets how long running handlers may finish after shutdown begins before they are cancelled. Default 10 seconds.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets when failed deliveries are retried, before they are dead-lettered.</summary>
    [ValidateObjectMembers]
    public RefAssuredRetryOptions Retry { get; set; } = new();

    /// <summary>Gets or sets the thresholds of the health check added by <c>AddHealthChecks().AddRefAssuredWebhooks()</c>.</summary>
    [ValidateObjectMembers]
    public RefAssuredHealthCheckOptions HealthCheck { get; set; } = new();
}

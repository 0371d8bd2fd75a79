namespace RefAssured.Sdk.Hosting;

/// <summary>Where and how <see cref="FileRefAssuredInbox"/> keeps deliveries.</summary>
public sealed class FileRefAssuredInboxOptions
{
    /// <summary>The default <see cref="Directory"/>, relative to the working directory: <c>refassured-inbox</c>.</summary>
    public const string DefaultDirectory = "refassured-inbox";

    /// <summary>Gets or sets the directory the inbox owns; created on first use. Relative paths are resolved against the working directory. Default <see cref="DefaultDirectory"/>.</summary>
    public string Directory { get; set; } = DefaultDirectory;

    /// <summary>Gets or sets how long the audit trail of completed deliveries (type, id, received time, outcome, attempts) is kept. Default 7 days.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Gets or sets how long the raw body of a completed delivery is kept on disk; shorter than
    /// <see cref="Retention"/> when bodies (personal data) must go sooner. <see langword="null"/>, the default, keeps them as long as the audit trail.
    /// </summary>
    public TimeSpan? CompletedBodyRetention { get; set; }

    /// <summary>
    /// Gets or sets the size a log segment never exceeds, in bytes: a record that would take the
    /// active segment past it starts a new one, and a single delivery larger than it gets a
    /// segment of its own. At least 1 MiB. Default 64 MiB.
    /// </summary>
    public long SegmentSize { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// Gets or sets the most bytes the inbox directory may hold (segments, audit trail and
    /// quarantine): an append that would pass it throws <see cref="RefAssuredInboxUnavailableException"/>,
    /// so the receiver answers 503 before the disk fills (RefAssured does not retry: alert on it). Appends
    /// resume once retention has freed space. Completions and failures are always written. At
    /// least twice <see cref="SegmentSize"/>, since retention never removes the segment being
    /// written. <see langword="null"/>, the default, sets no quota.
    /// </summary>
    public long? SizeQuota { get; set; }

    /// <summary>
    /// Gets or sets how long a dead letter is kept: after it, the dead letter is removed with its
    /// body (personal data) and an <c>expired</c> entry is added to the audit trail. Bytes set
    /// aside in <c>quarantine/</c> and their log lines are removed after the same time. Default 30 days.
    /// </summary>
    public TimeSpan DeadLetterRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Gets or sets the observer told of corrupt records set aside and of disk errors; optional.</summary>
    public RefAssuredObserver? Observer { get; set; }

    /// <summary>Checks the options.</summary>
    /// <returns>Every problem found, in words; empty when the options are valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Directory))
        {
            problems.Add($"{nameof(Directory)} must name a directory.");
        }

        if (Retention <= TimeSpan.Zero)
        {
            problems.Add($"{nameof(Retention)} must be positive (was {Retention}).");
        }

        if (CompletedBodyRetention < TimeSpan.Zero)
        {
            problems.Add($"{nameof(CompletedBodyRetention)} cannot be negative (was {CompletedBodyRetention}).");
        }

        if (SegmentSize < 1024 * 1024)
        {
            problems.Add($"{nameof(SegmentSize)} must be at least 1 MiB (was {SegmentSize}).");
        }

        if (SizeQuota < 2 * SegmentSize)
        {
            problems.Add($"{nameof(SizeQuota)} must be at least twice {nameof(SegmentSize)} (was {SizeQuota}).");
        }

        if (DeadLetterRetention <= TimeSpan.Zero)
        {
            problems.Add($"{nameof(DeadLetterRetention)} must be positive (was {DeadLetterRetention}).");
        }

        return problems;
    }
}

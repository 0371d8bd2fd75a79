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

    /// <summary>Gets or sets the size at which the inbox starts a new log segment, in bytes. Default 64 MiB.</summary>
    public long SegmentSize { get; set; } = 64L * 1024 * 1024;

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

        return problems;
    }
}

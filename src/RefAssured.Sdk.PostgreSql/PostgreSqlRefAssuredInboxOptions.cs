using System.Text;
using Npgsql;

namespace RefAssured.Sdk.PostgreSql;

/// <summary>Where and how <see cref="PostgreSqlRefAssuredInbox"/> keeps deliveries.</summary>
public sealed class PostgreSqlRefAssuredInboxOptions
{
    /// <summary>The default <see cref="Schema"/>: <c>refassured</c>.</summary>
    public const string DefaultSchema = "refassured";

    /// <summary>
    /// Gets or sets the data source to connect through, typically the application's own from
    /// dependency injection; the inbox does not dispose it. Set this or <see cref="ConnectionString"/>, not both.
    /// </summary>
    public NpgsqlDataSource? DataSource { get; set; }

    /// <summary>
    /// Gets or sets the connection string the inbox builds its own data source from (disposed with
    /// the inbox). Set this or <see cref="DataSource"/>, not both.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Gets or sets the schema that holds the inbox's tables; created at start when missing.
    /// Lower-case letters, digits and underscores, starting with a letter or an underscore, at
    /// most 63 bytes. Inboxes with different schemas in one database are independent of each
    /// other. Default <see cref="DefaultSchema"/>.
    /// </summary>
    public string Schema { get; set; } = DefaultSchema;

    /// <summary>
    /// Gets or sets how long a claimed delivery stays with the instance that claimed it without a
    /// renewal. The instance renews its leases every third of this time while their handlers run;
    /// when it dies, another instance takes the delivery over once the lease has expired. Measured
    /// on the database server's clock. At least 1 second. Default 30 seconds.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets how often an idle reader looks for due deliveries when no notification woke it
    /// (a new delivery is announced with <c>NOTIFY</c>, so this matters only when one is missed,
    /// for example while the listening connection reconnects). Positive. Default 1 second.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets how long the rows of completed deliveries are kept (with the id, type, times and attempts). Positive. Default 7 days.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Gets or sets how long the body (personal data) of a completed delivery is kept; shorter than
    /// <see cref="Retention"/> when bodies must go sooner. <see langword="null"/>, the default, keeps them as long as the row.
    /// </summary>
    public TimeSpan? CompletedBodyRetention { get; set; }

    /// <summary>Gets or sets how long a dead letter is kept before it is deleted with its body. Positive. Default 30 days.</summary>
    public TimeSpan DeadLetterRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// Gets or sets the name this instance writes into the <c>lease_owner</c> column of the
    /// deliveries it holds, so that an operator can see who holds what. At most 200 characters.
    /// <see langword="null"/>, the default, uses the machine name and the process id.
    /// </summary>
    public string? InstanceName { get; set; }

    /// <summary>
    /// Gets or sets whether the inbox is opened to be operated on from outside an application (the
    /// <c>refassured inbox</c> tool): the schema must already exist at this package's version and is
    /// neither created nor upgraded, and no background work runs (no retention with this instance's
    /// settings, no lease renewal). Default <see langword="false"/>.
    /// </summary>
    internal bool ExistingSchemaOnly { get; set; }

    /// <summary>Gets or sets the observer told of database errors (with the operation that failed) and of completions recorded too late; optional.</summary>
    public RefAssuredObserver? Observer { get; set; }

    /// <summary>Checks the options.</summary>
    /// <returns>Every problem found, in words; empty when the options are valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if ((DataSource is null) == string.IsNullOrWhiteSpace(ConnectionString))
        {
            problems.Add($"Exactly one of {nameof(DataSource)} and {nameof(ConnectionString)} must be set.");
        }

        if (!IsPlainIdentifier(Schema))
        {
            problems.Add($"{nameof(Schema)} must be lower-case letters, digits and underscores, start with a letter or an underscore, and be at most 63 bytes (was '{Schema}').");
        }

        if (LeaseDuration < TimeSpan.FromSeconds(1))
        {
            problems.Add($"{nameof(LeaseDuration)} must be at least 1 second (was {LeaseDuration}).");
        }

        if (PollInterval <= TimeSpan.Zero)
        {
            problems.Add($"{nameof(PollInterval)} must be positive (was {PollInterval}).");
        }

        if (Retention <= TimeSpan.Zero)
        {
            problems.Add($"{nameof(Retention)} must be positive (was {Retention}).");
        }

        if (CompletedBodyRetention < TimeSpan.Zero)
        {
            problems.Add($"{nameof(CompletedBodyRetention)} cannot be negative (was {CompletedBodyRetention}).");
        }

        if (DeadLetterRetention <= TimeSpan.Zero)
        {
            problems.Add($"{nameof(DeadLetterRetention)} must be positive (was {DeadLetterRetention}).");
        }

        if (InstanceName is not null && (string.IsNullOrWhiteSpace(InstanceName) || InstanceName.Length > 200))
        {
            problems.Add($"{nameof(InstanceName)} must be 1 to 200 characters, not only white space, when set.");
        }

        return problems;
    }

    private static bool IsPlainIdentifier(string? name)
    {
        if (string.IsNullOrEmpty(name) || Encoding.UTF8.GetByteCount(name) > 63 || char.IsAsciiDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }
}

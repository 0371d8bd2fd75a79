namespace RefAssured.Cli;

/// <summary>Which inbox a command works on: a file inbox's directory, or a PostgreSQL inbox's database and schema.</summary>
internal sealed record InboxTarget(string? Directory, string? ConnectionString, string? Schema)
{
    public bool IsFile => Directory is not null;

    /// <summary>Gets the inbox as printed: the directory's full path, or the schema's name.</summary>
    public string Name => Directory is not null
        ? Path.GetFullPath(Directory)
        : Schema ?? RefAssured.Sdk.PostgreSql.PostgreSqlRefAssuredInboxOptions.DefaultSchema;

    public string Kind => IsFile ? "file" : "postgresql";

    public static InboxTarget File(string directory) => new(directory, null, null);

    public static InboxTarget PostgreSql(string connectionString, string? schema) => new(null, connectionString, schema);

    /// <summary>Opens the inbox, runs <paramref name="action"/> on it and closes it; an inbox error becomes a one-line failure.</summary>
    public async Task<int> RunAsync(Func<OpenInbox, Task<int>> action, CancellationToken cancellationToken)
    {
        try
        {
            await using var inbox = IsFile
                ? await FileInboxAccess.OpenAsync(this, cancellationToken).ConfigureAwait(false)
                : await PostgreSqlInboxAccess.OpenAsync(this, cancellationToken).ConfigureAwait(false);
            return await action(inbox).ConfigureAwait(false);
        }
        catch (RefAssuredInboxUnavailableException ex)
        {
            throw CliException.Failure(Describe(ex));
        }
    }

    /// <summary>The inbox error and its cause, which holds the path or the operating system's or database's text.</summary>
    internal static string Describe(RefAssuredInboxUnavailableException exception) =>
        exception.InnerException is { } cause ? $"{exception.Message} {cause.Message}" : exception.Message;
}

/// <summary>Finds one delivery in any state but dead-lettered: the id, whether to read the body; a failure naming the inbox when there is none.</summary>
internal delegate ValueTask<DeliveryView> DeliveryFinder(string deliveryId, bool includeBody, CancellationToken cancellationToken);

/// <summary>An open inbox: its dead letters, statistics and deliveries, and what closes it.</summary>
internal sealed class OpenInbox(IRefAssuredDeadLetterStore deadLetters, IRefAssuredInboxMonitor monitor, DeliveryFinder findDelivery, IAsyncDisposable owner, InboxTarget target) : IAsyncDisposable
{
    public DeliveryFinder FindDelivery { get; } = findDelivery;

    public IRefAssuredDeadLetterStore DeadLetters { get; } = deadLetters;

    public IRefAssuredInboxMonitor Monitor { get; } = monitor;

    public InboxTarget Target { get; } = target;

    public ValueTask DisposeAsync() => owner.DisposeAsync();
}

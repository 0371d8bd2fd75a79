using Npgsql;

namespace RefAssured.Sdk.PostgreSql;

/// <summary>
/// An inbox in a PostgreSQL database, shared by every receiver instance that points at it. An
/// append returns once the delivery's row is committed, so the receiver answers 200 only for a
/// stored delivery. Workers on any instance claim due deliveries with a lease; a delivery whose
/// instance died is taken over by another once its lease expires, and a completion recorded after
/// such a takeover is not recorded twice. New deliveries wake idle workers through
/// <c>LISTEN</c>/<c>NOTIFY</c>, with polling as the fallback.
/// </summary>
/// <remarks>
/// The schema (<see cref="PostgreSqlRefAssuredInboxOptions.Schema"/>) is created or upgraded when
/// the inbox is opened, under an advisory lock, so instances may start together. A database whose
/// schema is newer than this package is refused.
/// </remarks>
public sealed class PostgreSqlRefAssuredInbox : IRefAssuredInbox, IRefAssuredDeadLetterStore, IRefAssuredInboxMonitor, IAsyncDisposable
{
    private readonly PostgreSqlRefAssuredInboxOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;

    /// <summary>Initializes an inbox over a database; nothing is read or written until it is opened or first used.</summary>
    /// <param name="options">The data source or connection string, schema, lease and retention.</param>
    /// <param name="timeProvider">The clock for the background loops' waits; <see cref="TimeProvider.System"/> by default. Lease and retention times are measured on the database server's clock.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public PostgreSqlRefAssuredInbox(PostgreSqlRefAssuredInboxOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid PostgreSQL inbox options: " + string.Join(" ", problems), nameof(options));
        }

        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _ownsDataSource = options.DataSource is null;
        _dataSource = options.DataSource ?? NpgsqlDataSource.Create(options.ConnectionString!);
        Schema = options.Schema;
    }

    /// <summary>Gets the name of the schema that holds the inbox's tables.</summary>
    public string Schema { get; }

    /// <summary>
    /// Opens the inbox: creates or upgrades its schema and starts listening for new deliveries.
    /// Every other member opens it on first use; call this at start-up to find a problem with the
    /// database before the first request does.
    /// </summary>
    /// <param name="cancellationToken">Cancels opening.</param>
    /// <returns>A task that completes once the inbox is open.</returns>
    /// <exception cref="RefAssuredInboxUnavailableException">The database cannot be reached, or its schema is newer than this package.</exception>
    /// <exception cref="ObjectDisposedException">The inbox was disposed.</exception>
    public ValueTask OpenAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <inheritdoc />
    public ValueTask AppendAsync(RefAssuredDelivery delivery, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <inheritdoc />
    public IAsyncEnumerable<RefAssuredDelivery> ReadAsync(CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <inheritdoc />
    public ValueTask CompleteAsync(RefAssuredDelivery delivery, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <inheritdoc />
    public ValueTask FailAsync(RefAssuredDelivery delivery, RefAssuredDeliveryFailure failure, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <inheritdoc />
    public ValueTask ReleaseAsync(RefAssuredDelivery delivery, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<RefAssuredDeadLetter>> ListDeadLettersAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <inheritdoc />
    public ValueTask<RefAssuredDeadLetter?> GetDeadLetterAsync(string deliveryId, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <inheritdoc />
    public ValueTask<bool> ReplayAsync(string deliveryId, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <inheritdoc />
    public ValueTask<int> ReplayAllAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <inheritdoc />
    public ValueTask<bool> PurgeAsync(string deliveryId, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <inheritdoc />
    public ValueTask<int> PurgeAllAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <inheritdoc />
    public ValueTask<RefAssuredInboxStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Stops the background loops and the listening connection, and disposes the data source when the inbox built it.</summary>
    /// <returns>A task that completes once stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_ownsDataSource)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }
    }
}

using System.Runtime.CompilerServices;
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
    private readonly NpgsqlDataSource? _ownedDataSource;
    private readonly InboxDatabase _database;
    private readonly RefAssuredObserver? _observer;
    private readonly DeliveryCommands _commands;
    private readonly DeadLetterCommands _deadLetters;
    private readonly LeasedOutcomes _outcomes;
    private readonly InboxBackground _background;
    private readonly DeliveryReader _reader;
    private readonly InboxOpening _opening;
    private readonly CancellationTokenSource _disposing = new();

    /// <summary>Initializes an inbox over a database; nothing is read or written until it is opened or first used.</summary>
    /// <param name="options">The data source or connection string, schema, lease and retention.</param>
    /// <param name="timeProvider">The clock for the waits of the background work; <see cref="TimeProvider.System"/> by default. Lease expiry and retention ages are measured on the database server's clock.</param>
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
        var clock = timeProvider ?? TimeProvider.System;
        _ownedDataSource = options.DataSource is null ? NpgsqlDataSource.Create(options.ConnectionString!) : null;
        _database = new InboxDatabase(options.DataSource ?? _ownedDataSource!, options.Schema);
        _observer = options.Observer;
        _commands = new DeliveryCommands(_database);
        _deadLetters = new DeadLetterCommands(_database);
        var claims = new DeliveryClaims(_database, options.InstanceName ?? $"{Environment.MachineName}:{Environment.ProcessId}", options.LeaseDuration);
        Retention = new PostgreSqlRetention(_database, options);
        _background = new InboxBackground(_database, options.LeaseDuration, claims, Leases, Retention, _observer, clock);
        _outcomes = new LeasedOutcomes(_commands, Leases, _observer, _background.Announce);
        _reader = new DeliveryReader(claims, Leases, _background.Signal, _observer, clock, options.PollInterval);
        _opening = new InboxOpening(_database, _background, this, options.ExistingSchemaOnly);
    }

    /// <summary>Gets the name of the schema that holds the inbox's tables.</summary>
    public string Schema => _options.Schema;

    /// <summary>Gets the retention work, which runs when the inbox opens and every minute after.</summary>
    internal PostgreSqlRetention Retention { get; }

    /// <summary>Gets the leases this instance holds.</summary>
    internal ClaimedLeases Leases { get; } = new();

    /// <summary>Gets whether the connection listening for new deliveries is established.</summary>
    internal bool IsListening => _background.IsListening;

    /// <summary>Stops renewing leases, as a stalled instance would: its leases expire and other instances take them over.</summary>
    internal async ValueTask StopLeaseRenewalAsync()
    {
        await EnsureOpenAsync(CancellationToken.None).ConfigureAwait(false);
        await _background.StopRenewalAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Opens the inbox: creates or upgrades its schema, and starts renewing leases and applying
    /// retention in the background. Every other member opens it on first use; call this at start-up
    /// to find a problem with the database before the first request does.
    /// </summary>
    /// <param name="cancellationToken">Cancels opening.</param>
    /// <returns>A task that completes once the inbox is open.</returns>
    /// <exception cref="RefAssuredInboxUnavailableException">The database cannot be reached, refuses the schema's creation, or holds a schema newer than this package.</exception>
    /// <exception cref="ObjectDisposedException">The inbox was disposed.</exception>
    public async ValueTask OpenAsync(CancellationToken cancellationToken = default) => await EnsureOpenAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    /// <remarks>Returns once the row is committed. A delivery id already stored throws <see cref="ArgumentException"/>.</remarks>
    public async ValueTask AppendAsync(RefAssuredDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        if (delivery.DeliveryId.Length is 0 or > 200)
        {
            throw new ArgumentException("A delivery id must be 1 to 200 characters.", nameof(delivery));
        }

        await EnsureOpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _commands.AppendAsync(delivery, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (DatabaseErrors.IsDuplicateKey(ex))
        {
            throw new ArgumentException($"A delivery with id '{delivery.DeliveryId}' is already stored.", nameof(delivery), ex);
        }
        catch (Exception ex) when (DatabaseErrors.IsDatabaseError(ex))
        {
            throw DatabaseErrors.Unavailable("store the delivery", ex);
        }

        _background.Announce();
    }

    /// <inheritdoc />
    /// <remarks>A database error does not end the enumeration: it goes to the observer (operation <c>read</c>) and reading resumes, with backoff, once the database answers. Disposing the inbox ends it.</remarks>
    public async IAsyncEnumerable<RefAssuredDelivery> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_opening.IsClosed, this);
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposing.Token);
        _background.Listen();
        await foreach (var delivery in _reader.ReadAsync(EnsureOpenAsync, ReleaseUnreadAsync, reading.Token).ConfigureAwait(false))
        {
            yield return delivery;
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <inheritdoc />
    /// <remarks>When the lease expired and another instance took the delivery over, nothing is recorded (that instance handles it) and the observer is told.</remarks>
    public async ValueTask CompleteAsync(RefAssuredDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        await EnsureOpenAsync(cancellationToken).ConfigureAwait(false);
        await _outcomes.CompleteAsync(delivery, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>When the lease expired and another instance took the delivery over, nothing is recorded (that instance handles it) and the observer is told.</remarks>
    public async ValueTask FailAsync(RefAssuredDelivery delivery, RefAssuredDeliveryFailure failure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentNullException.ThrowIfNull(failure);
        await EnsureOpenAsync(cancellationToken).ConfigureAwait(false);
        await _outcomes.FailAsync(delivery, failure, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask ReleaseAsync(RefAssuredDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        await EnsureOpenAsync(cancellationToken).ConfigureAwait(false);
        await _outcomes.ReleaseAsync(delivery, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<RefAssuredDeadLetter>> ListDeadLettersAsync(CancellationToken cancellationToken = default) =>
        QueryAsync("list the dead letters", () => _deadLetters.ListAsync(cancellationToken), cancellationToken);

    /// <inheritdoc />
    public ValueTask<RefAssuredDeadLetter?> GetDeadLetterAsync(string deliveryId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deliveryId);
        return QueryAsync("read the dead letter", () => _deadLetters.GetAsync(deliveryId, cancellationToken), cancellationToken);
    }

    /// <summary>Reads one delivery's row in any state, for the tool; the body only when <paramref name="includeBody"/>. Null when no row has the id.</summary>
    internal ValueTask<StoredDeliveryRow?> FindDeliveryAsync(string deliveryId, bool includeBody, CancellationToken cancellationToken) =>
        QueryAsync("read the delivery", () => new DeliveryLookup(_database).FindAsync(deliveryId, includeBody, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public async ValueTask<bool> ReplayAsync(string deliveryId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deliveryId);
        return await ReplayAnyAsync(deliveryId, cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public ValueTask<int> ReplayAllAsync(CancellationToken cancellationToken = default) => ReplayAnyAsync(null, cancellationToken);

    /// <inheritdoc />
    public async ValueTask<bool> PurgeAsync(string deliveryId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deliveryId);
        return await QueryAsync("purge the dead letter", () => _deadLetters.PurgeAsync(deliveryId, cancellationToken), cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public ValueTask<int> PurgeAllAsync(CancellationToken cancellationToken = default) =>
        QueryAsync("purge the dead letters", () => _deadLetters.PurgeAsync(null, cancellationToken), cancellationToken);

    /// <inheritdoc />
    /// <exception cref="RefAssuredInboxUnavailableException">The database cannot be reached or read.</exception>
    public ValueTask<RefAssuredInboxStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default) =>
        QueryAsync("count the deliveries", () => _deadLetters.StatisticsAsync(cancellationToken), cancellationToken);

    /// <summary>
    /// Ends the reads in progress, stops the background work and the listening connection, and
    /// disposes the data source when the inbox built it. Leases still held are not given back: they
    /// expire, and another instance takes their deliveries over.
    /// </summary>
    /// <returns>A task that completes once stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (!await _opening.TryCloseAsync().ConfigureAwait(false))
        {
            return;
        }

        await _disposing.CancelAsync().ConfigureAwait(false);
        await _background.DisposeAsync().ConfigureAwait(false);
        if (_ownedDataSource is not null)
        {
            await _ownedDataSource.DisposeAsync().ConfigureAwait(false);
        }
    }

    private ValueTask EnsureOpenAsync(CancellationToken cancellationToken) => _opening.EnsureOpenAsync(cancellationToken);

    // A delivery claimed but not handed out before the reading ended; should this fail, its lease expires.
    private async ValueTask ReleaseUnreadAsync(RefAssuredDelivery delivery)
    {
        try
        {
            await _outcomes.ReleaseAsync(delivery, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Also when the inbox is being disposed meanwhile: the reading ends quietly either way.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _observer.SafeNotify(ex, static (o, e) => o.InboxFailed("release", e));
        }
    }

    private async ValueTask<T> QueryAsync<T>(string what, Func<Task<T>> query, CancellationToken cancellationToken)
    {
        await EnsureOpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await query().ConfigureAwait(false);
        }
        catch (Exception ex) when (DatabaseErrors.IsDatabaseError(ex))
        {
            throw DatabaseErrors.Unavailable(what, ex);
        }
    }

    private async ValueTask<int> ReplayAnyAsync(string? deliveryId, CancellationToken cancellationToken)
    {
        var replayed = await QueryAsync("replay the dead letters", () => _deadLetters.ReplayAsync(deliveryId, cancellationToken), cancellationToken).ConfigureAwait(false);
        if (replayed > 0)
        {
            _background.Announce();
        }

        return replayed;
    }
}

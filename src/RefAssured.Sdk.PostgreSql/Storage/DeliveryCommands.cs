using Npgsql;

namespace RefAssured.Sdk.PostgreSql;

/// <summary>
/// The statements that store a delivery and record the outcome of its handling. Each runs on its
/// own, in autocommit, so it is durable when it returns. An outcome is recorded only while the row
/// still carries the lease token this instance claimed it with.
/// </summary>
internal sealed class DeliveryCommands
{
    private readonly InboxDatabase _database;
    private readonly string _insert;
    private readonly string _complete;
    private readonly string _retry;
    private readonly string _deadLetter;
    private readonly string _release;

    public DeliveryCommands(InboxDatabase database)
    {
        _database = database;
        var t = database.Deliveries;
        var owned = $"WHERE delivery_id = @id AND lease_token = @token AND state = {DeliveryStates.InFlight}";
        const string EndLease = "lease_owner = NULL, lease_token = NULL";
        _insert = $"INSERT INTO {t} ({DeliveryRows.Columns}, state, available_at) " +
                  $"VALUES (@id, @type, @received, @keys, @values, @trace, @body, @attempt, @handlers, {DeliveryStates.Pending}, now())";
        // A completed row keeps its lease owner: the instance that handled it.
        _complete = $"UPDATE {t} SET state = {DeliveryStates.Completed}, completed_at = now(), lease_token = NULL {owned}";
        _retry = $"UPDATE {t} SET state = {DeliveryStates.RetryScheduled}, attempt = @attempt, completed_handlers = @handlers, last_error = @error, available_at = @retry_at, {EndLease} {owned}";
        _deadLetter = $"UPDATE {t} SET state = {DeliveryStates.DeadLettered}, attempt = @attempt, completed_handlers = @handlers, last_error = @error, dead_lettered_at = now(), {EndLease} {owned}";
        _release = $"UPDATE {t} SET state = {DeliveryStates.Pending}, completed_handlers = @handlers, available_at = now(), {EndLease} {owned}";
    }

    /// <summary>Inserts the delivery's row; it is committed when this returns.</summary>
    /// <exception cref="PostgresException">With <see cref="DatabaseErrors.UniqueViolation"/> when the id is stored already.</exception>
    public async Task AppendAsync(RefAssuredDelivery delivery, CancellationToken cancellationToken)
    {
        await using var command = _database.Command(_insert);
        DeliveryRows.AddParameters(command.Parameters, delivery);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <returns>Whether the row was still leased with the token and is now completed.</returns>
    public Task<bool> CompleteAsync(string deliveryId, Guid token, CancellationToken cancellationToken) =>
        ExecuteAsync(_complete, deliveryId, token, cancellationToken);

    /// <returns>Whether the row was still leased with the token and now records the failure.</returns>
    public Task<bool> FailAsync(RefAssuredDelivery delivery, RefAssuredDeliveryFailure failure, Guid token, CancellationToken cancellationToken) =>
        ExecuteAsync(failure.RetryAt is null ? _deadLetter : _retry, delivery.DeliveryId, token, cancellationToken, parameters =>
        {
            parameters.Add(new NpgsqlParameter<int>("attempt", delivery.Attempt));
            parameters.Add(DeliveryRows.Handlers("handlers", failure.CompletedHandlers));
            parameters.Add(new NpgsqlParameter<string>("error", failure.Error));
            if (failure.RetryAt is { } retryAt)
            {
                parameters.Add(DeliveryRows.Time("retry_at", retryAt));
            }
        });

    /// <returns>Whether the row was still leased with the token and is now pending again.</returns>
    public Task<bool> ReleaseAsync(RefAssuredDelivery delivery, Guid token, CancellationToken cancellationToken) =>
        ExecuteAsync(_release, delivery.DeliveryId, token, cancellationToken, parameters =>
            parameters.Add(DeliveryRows.Handlers("handlers", delivery.CompletedHandlers)));

    private async Task<bool> ExecuteAsync(string sql, string deliveryId, Guid token, CancellationToken cancellationToken, Action<NpgsqlParameterCollection>? addParameters = null)
    {
        await using var command = _database.Command(sql);
        command.Parameters.Add(new NpgsqlParameter<string>("id", deliveryId));
        command.Parameters.Add(new NpgsqlParameter<Guid>("token", token));
        addParameters?.Invoke(command.Parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }
}

using Npgsql;

namespace RefAssured.Sdk.PostgreSql;

/// <summary>
/// The dead letters (rows in state 4) and the counts by state, for operators. A replay or a purge
/// touches a row only while it is a dead letter, so it cannot disturb a delivery being handled.
/// </summary>
internal sealed class DeadLetterCommands
{
    private readonly InboxDatabase _database;
    private readonly string _list;
    private readonly string _get;
    private readonly string _replay;
    private readonly string _replayAll;
    private readonly string _purge;
    private readonly string _purgeAll;
    private readonly string _statistics;

    public DeadLetterCommands(InboxDatabase database)
    {
        _database = database;
        var t = database.Deliveries;
        var dead = $"state = {DeliveryStates.DeadLettered}";
        var select = $"SELECT {DeliveryRows.Columns}, last_error, dead_lettered_at FROM {t}";
        _list = $"{select} WHERE {dead} ORDER BY received_at, delivery_id";
        _get = $"{select} WHERE delivery_id = @id AND {dead}";
        // A replay starts again from attempt 1 with the same id, keeping the handlers that succeeded.
        var replay = $"UPDATE {t} SET state = {DeliveryStates.Pending}, attempt = 1, available_at = now(), dead_lettered_at = NULL WHERE {dead}";
        _replay = replay + " AND delivery_id = @id";
        _replayAll = replay;
        _purge = $"DELETE FROM {t} WHERE {dead} AND delivery_id = @id";
        _purgeAll = $"DELETE FROM {t} WHERE {dead}";
        _statistics = $"SELECT state, count(*)::integer, min(received_at) FROM {t} WHERE state IN ({DeliveryStates.Pending}, {DeliveryStates.InFlight}, {DeliveryStates.RetryScheduled}, {DeliveryStates.DeadLettered}) GROUP BY state";
    }

    public async Task<IReadOnlyList<RefAssuredDeadLetter>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = _database.Command(_list);
        return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<RefAssuredDeadLetter?> GetAsync(string deliveryId, CancellationToken cancellationToken)
    {
        await using var command = _database.Command(_get);
        command.Parameters.Add(new NpgsqlParameter<string>("id", deliveryId));
        return (await ReadAsync(command, cancellationToken).ConfigureAwait(false)).SingleOrDefault();
    }

    /// <returns>How many dead letters were made pending again.</returns>
    public Task<int> ReplayAsync(string? deliveryId, CancellationToken cancellationToken) =>
        ExecuteAsync(deliveryId is null ? _replayAll : _replay, deliveryId, cancellationToken);

    /// <returns>How many dead letters were deleted.</returns>
    public Task<int> PurgeAsync(string? deliveryId, CancellationToken cancellationToken) =>
        ExecuteAsync(deliveryId is null ? _purgeAll : _purge, deliveryId, cancellationToken);

    public async Task<RefAssuredInboxStatistics> StatisticsAsync(CancellationToken cancellationToken)
    {
        await using var command = _database.Command(_statistics);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var counts = new int[5];
        DateTimeOffset? oldestWaiting = null;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var state = reader.GetInt16(0);
            counts[state] = reader.GetInt32(1);
            var oldest = DeliveryRows.ReadTime(reader, 2);
            if (state != DeliveryStates.DeadLettered && (oldestWaiting is null || oldest < oldestWaiting))
            {
                oldestWaiting = oldest;
            }
        }

        return new RefAssuredInboxStatistics(
            counts[DeliveryStates.Pending], counts[DeliveryStates.InFlight], counts[DeliveryStates.RetryScheduled], counts[DeliveryStates.DeadLettered], oldestWaiting);
    }

    private static async Task<List<RefAssuredDeadLetter>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var letters = new List<RefAssuredDeadLetter>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var delivery = DeliveryRows.Read(reader);
            var error = reader.IsDBNull(DeliveryRows.ColumnCount) ? string.Empty : reader.GetString(DeliveryRows.ColumnCount);
            var at = DeliveryRows.ReadTimeOrNull(reader, DeliveryRows.ColumnCount + 1) ?? delivery.ReceivedAt;
            letters.Add(new RefAssuredDeadLetter(delivery, error, at));
        }

        return letters;
    }

    private async Task<int> ExecuteAsync(string sql, string? deliveryId, CancellationToken cancellationToken)
    {
        await using var command = _database.Command(sql);
        if (deliveryId is not null)
        {
            command.Parameters.Add(new NpgsqlParameter<string>("id", deliveryId));
        }

        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}

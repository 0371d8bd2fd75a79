using Npgsql;
using NpgsqlTypes;

namespace RefAssured.Sdk.PostgreSql;

/// <summary>
/// Deletes completed rows past their retention and dead letters past theirs, and clears the bodies
/// of completed rows past the completed-body retention: each in batches of
/// <see cref="BatchSize"/> rows per statement, until a batch comes back short, so that no statement
/// holds many locks or writes much at once. Rows locked by another instance doing the same are
/// skipped. Ages are measured on the database's clock.
/// </summary>
internal sealed class PostgreSqlRetention
{
    public const int BatchSize = 1000;

    private readonly InboxDatabase _database;
    private readonly PostgreSqlRefAssuredInboxOptions _options;
    private readonly string _deleteCompleted;
    private readonly string _deleteDeadLetters;
    private readonly string _clearBodies;

    public PostgreSqlRetention(InboxDatabase database, PostgreSqlRefAssuredInboxOptions options)
    {
        _database = database;
        _options = options;
        var t = database.Deliveries;
        _deleteCompleted = Batch($"DELETE FROM {t}", t, $"state = {DeliveryStates.Completed} AND completed_at < now() - @age");
        _deleteDeadLetters = Batch($"DELETE FROM {t}", t, $"state = {DeliveryStates.DeadLettered} AND dead_lettered_at < now() - @age");
        _clearBodies = Batch($"UPDATE {t} SET body = NULL", t, $"state = {DeliveryStates.Completed} AND body IS NOT NULL AND completed_at < now() - @age");
    }

    /// <summary>Runs one pass of every kind of deletion.</summary>
    /// <returns>The rows deleted and the bodies cleared.</returns>
    public async Task<(long Deleted, long BodiesCleared)> RunAsync(CancellationToken cancellationToken)
    {
        var deleted = await RepeatAsync(_deleteCompleted, _options.Retention, cancellationToken).ConfigureAwait(false);
        deleted += await RepeatAsync(_deleteDeadLetters, _options.DeadLetterRetention, cancellationToken).ConfigureAwait(false);
        var cleared = _options.CompletedBodyRetention is { } bodyAge && bodyAge < _options.Retention
            ? await RepeatAsync(_clearBodies, bodyAge, cancellationToken).ConfigureAwait(false)
            : 0;
        return (deleted, cleared);
    }

    // The rows are picked by id and locked in the inner query, and checked again by the outer one,
    // so that a dead letter replayed meanwhile is left alone.
    private static string Batch(string change, string table, string condition) =>
        $"{change} WHERE {condition} AND delivery_id IN (SELECT delivery_id FROM {table} WHERE {condition} LIMIT {BatchSize} FOR UPDATE SKIP LOCKED)";

    private async Task<long> RepeatAsync(string sql, TimeSpan age, CancellationToken cancellationToken)
    {
        long total = 0;
        int affected;
        do
        {
            await using var command = _database.Command(sql);
            command.Parameters.Add(new NpgsqlParameter<TimeSpan>("age", NpgsqlDbType.Interval) { TypedValue = age });
            affected = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            total += affected;
        }
        while (affected == BatchSize);

        return total;
    }
}

using Npgsql;
using RefAssured.Sdk.Testing;

namespace RefAssured.Sdk.PostgreSql.Tests.AspNetCore;

/// <summary>Reads the PostgreSQL inbox's deliveries table directly, as an operator would, to check what the receivers claim.</summary>
internal sealed class InboxRows(string connectionString, string schema)
{
    public const short InFlight = 2;
    public const short Completed = 5;

    /// <summary>Every delivery row: its state and, once completed, when (on the server's clock).</summary>
    public async Task<Dictionary<string, (short State, DateTime? CompletedAt)>> ReadAsync()
    {
        var rows = new Dictionary<string, (short, DateTime?)>();
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT delivery_id, state, completed_at FROM {schema}.deliveries", connection);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            rows[reader.GetString(0)] = (reader.GetInt16(1), reader.IsDBNull(2) ? null : reader.GetDateTime(2));
        }

        return rows;
    }

    /// <summary>The deliveries claimed by <paramref name="owner"/> and not finished.</summary>
    public async Task<List<string>> InFlightWithAsync(string owner)
    {
        var ids = new List<string>();
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT delivery_id FROM {schema}.deliveries WHERE state = {InFlight} AND lease_owner = @owner", connection);
        command.Parameters.AddWithValue("owner", owner);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    /// <summary>
    /// The number of statements the sessions of <paramref name="applicationName"/> are running (a session waiting
    /// for notifications, after LISTEN, is idle).
    /// </summary>
    public async Task<long> ActiveStatementsOfAsync(string applicationName)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE application_name = @name AND state = 'active'", connection);
        command.Parameters.AddWithValue("name", applicationName);
        return (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    /// <summary>The server's time, the clock of <c>completed_at</c>.</summary>
    public async Task<DateTime> ServerNowAsync()
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand("SELECT now()", connection);
        return (DateTime)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    /// <summary>Waits until every one of <paramref name="ids"/> has a completed row.</summary>
    public Task WaitForCompletedAsync(IReadOnlyCollection<string> ids, TimeSpan? timeout = null) => Wait.UntilAsync(
        async () =>
        {
            var rows = await ReadAsync();
            return ids.All(id => rows.TryGetValue(id, out var row) && row.State == Completed);
        },
        $"{ids.Count} deliveries to be completed in {schema}.deliveries",
        timeout ?? TimeSpan.FromMinutes(4));

    private async Task<NpgsqlConnection> OpenAsync()
    {
        // No pooling: the server may be stopped and started again between two reads.
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        return connection;
    }
}

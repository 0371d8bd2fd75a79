using Npgsql;
using NpgsqlTypes;

namespace RefAssured.Sdk.LoadFloors;

/// <summary>
/// The least a receiver that answers only once a body is committed to PostgreSQL must do: one
/// INSERT of the body into a table with no index but its key, in a transaction of its own
/// (committed, so flushed to the server's write-ahead log, before the answer). Nothing is parsed,
/// handled, claimed or ever read back.
/// </summary>
public sealed class PostgreSqlFloor : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    private PostgreSqlFloor(NpgsqlDataSource dataSource) => _dataSource = dataSource;

    /// <summary>Connects to the server and creates the floor's table, empty.</summary>
    public static async Task<PostgreSqlFloor> CreateAsync(string connectionString)
    {
        var dataSource = NpgsqlDataSource.Create(connectionString);
        await using (var command = dataSource.CreateCommand(
            "DROP TABLE IF EXISTS load_floor; CREATE TABLE load_floor (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, body bytea NOT NULL)"))
        {
            await command.ExecuteNonQueryAsync();
        }

        return new PostgreSqlFloor(dataSource);
    }

    /// <summary>Inserts the body; returns once the INSERT is committed.</summary>
    public async Task StoreAsync(byte[] body, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("INSERT INTO load_floor (body) VALUES ($1)");
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bytea, Value = body });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}

using Npgsql;

namespace RefAssured.Sdk.PostgreSql.Tests.Infrastructure;

/// <summary>
/// A fresh database <c>refassured_test_&lt;guid&gt;</c> on the test server named by the
/// <c>REFASSURED_POSTGRES</c> connection string, dropped (with its connections) afterwards. Use it
/// as an xunit class fixture (<c>IClassFixture&lt;PostgresDatabase&gt;</c>) so that each test class
/// has its own database, or create one with <see cref="CreateAsync"/>. Without a server configured,
/// reading <see cref="ConnectionString"/> skips the test, or fails it when
/// <c>REFASSURED_POSTGRES_REQUIRED=1</c> (build/test sets both).
/// </summary>
public sealed class PostgresDatabase : IAsyncLifetime
{
    /// <summary>The environment variable holding the test server's connection string.</summary>
    public const string ServerVariable = "REFASSURED_POSTGRES";

    /// <summary>The environment variable that, set to 1, turns a missing server into a failure.</summary>
    public const string RequiredVariable = "REFASSURED_POSTGRES_REQUIRED";

    private readonly string? _server;
    private string? _connectionString;

    /// <summary>Initializes a database on the server of <c>REFASSURED_POSTGRES</c>; it is created by <see cref="InitializeAsync"/>.</summary>
    public PostgresDatabase()
        : this(Environment.GetEnvironmentVariable(ServerVariable))
    {
    }

    private PostgresDatabase(string? server)
    {
        _server = string.IsNullOrWhiteSpace(server) ? null : server;
        Name = "refassured_test_" + Guid.NewGuid().ToString("N");
    }

    /// <summary>Gets the database's name.</summary>
    public string Name { get; }

    /// <summary>Gets the connection string of the database; skips (or fails) the calling test when no server is configured.</summary>
    public string ConnectionString => _connectionString ?? throw NoServer();

    /// <summary>Gets the connection string of the server's maintenance database (<c>postgres</c>).</summary>
    public string ServerConnectionString => _server ?? throw NoServer();

    /// <summary>Creates and initializes a database on a given server, for a test that needs one of its own.</summary>
    /// <param name="server">The server's connection string; <see langword="null"/> for <c>REFASSURED_POSTGRES</c>.</param>
    /// <returns>The created database; dispose it to drop it.</returns>
    public static async Task<PostgresDatabase> CreateAsync(string? server = null)
    {
        var database = new PostgresDatabase(server ?? Environment.GetEnvironmentVariable(ServerVariable));
        await database.InitializeAsync();
        return database;
    }

    /// <summary>Builds a data source on this database; the caller disposes it.</summary>
    /// <returns>The data source.</returns>
    public NpgsqlDataSource CreateDataSource() => NpgsqlDataSource.Create(ConnectionString);

    /// <summary>Runs one SQL statement on this database and returns the first column of the first row.</summary>
    /// <param name="sql">The statement.</param>
    /// <returns>The value, or <see langword="null"/>.</returns>
    public async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? null : value;
    }

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        if (_server is null)
        {
            return;
        }

        await ServerCommandAsync($"CREATE DATABASE \"{Name}\"");
        _connectionString = new NpgsqlConnectionStringBuilder(_server) { Database = Name }.ConnectionString;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_connectionString is null)
        {
            return;
        }

        _connectionString = null;
        await ServerCommandAsync($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
    }

    private async Task ServerCommandAsync(string sql)
    {
        // Pooling off: the maintenance connection must not linger once the database is dropped.
        var builder = new NpgsqlConnectionStringBuilder(_server) { Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static Exception NoServer()
    {
        const string Message = $"No PostgreSQL server for the tests: run bash build/test, or build/postgres start and export {ServerVariable} (the connection string it prints).";
        if (Environment.GetEnvironmentVariable(RequiredVariable) == "1")
        {
            Assert.Fail(Message + $" {RequiredVariable}=1 makes this a failure.");
        }

        Assert.Skip(Message);
        return new InvalidOperationException(Message);
    }
}

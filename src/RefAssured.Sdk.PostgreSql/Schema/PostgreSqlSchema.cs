using System.Globalization;
using System.Text;
using Npgsql;

namespace RefAssured.Sdk.PostgreSql;

/// <summary>
/// Creates and upgrades the inbox's schema: the scripts under Schema/ (embedded, one per version),
/// each applied once, in order, in one transaction that holds an advisory lock derived from the
/// schema's name, so that instances starting together apply them one after the other. The
/// versions applied are recorded in <c>schema_version</c>; a schema newer than this package is
/// refused, never downgraded.
/// </summary>
internal static class PostgreSqlSchema
{
    /// <summary>The scripts, in version order: version n is the n-th.</summary>
    private static readonly string[] Scripts = ["001_initial.sql"];

    /// <summary>Gets the schema version this package creates and works with.</summary>
    public static int CurrentVersion => Scripts.Length;

    public static async Task ApplyAsync(InboxDatabase database, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, $"SELECT pg_advisory_xact_lock({LockKey(database.SchemaName)})", cancellationToken).ConfigureAwait(false);

        var version = await ReadVersionAsync(connection, database, cancellationToken).ConfigureAwait(false)
            ?? await CreateVersionTableAsync(connection, database, cancellationToken).ConfigureAwait(false);
        if (version > CurrentVersion)
        {
            throw new RefAssuredInboxUnavailableException(
                $"The inbox schema \"{database.SchemaName}\" is at version {version}, newer than this package's version {CurrentVersion}: " +
                "update RefAssured.Sdk.PostgreSql on this instance. A schema is never downgraded.");
        }

        for (var next = version + 1; next <= CurrentVersion; next++)
        {
            await ExecuteAsync(connection, Script(next, database.Schema), cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, $"INSERT INTO {VersionTable(database)} (version, applied_at) VALUES ({next}, now())", cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Checks, reading only, that the schema exists at <see cref="CurrentVersion"/>; a missing,
    /// older or newer schema is refused with what to do about it.
    /// </summary>
    public static async Task CheckAsync(InboxDatabase database, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var version = await ReadVersionAsync(connection, database, cancellationToken).ConfigureAwait(false)
            ?? throw new RefAssuredInboxUnavailableException(
                $"The database holds no RefAssured inbox in schema \"{database.SchemaName}\": an application creates it when its PostgreSQL inbox first opens. Check the database and the schema's name.");
        if (version != CurrentVersion)
        {
            throw new RefAssuredInboxUnavailableException(string.Create(
                CultureInfo.InvariantCulture,
                $"The inbox schema \"{database.SchemaName}\" is at version {version}, this package works with version {CurrentVersion}: use the version of this package that the application uses."));
        }
    }

    /// <summary>The advisory lock key of a schema: 64 bits of an FNV-1a hash of its name, the same in every process.</summary>
    internal static long LockKey(string schema)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes("refassured-inbox-schema:" + schema))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return unchecked((long)hash);
    }

    /// <summary>Reads the highest version applied: 0 when the version table is empty, <see langword="null"/> when it does not exist.</summary>
    private static async Task<int?> ReadVersionAsync(NpgsqlConnection connection, InboxDatabase database, CancellationToken cancellationToken)
    {
        var quotedTable = VersionTable(database);
        await using (var exists = new NpgsqlCommand("SELECT to_regclass(@table) IS NOT NULL", connection))
        {
            exists.Parameters.AddWithValue("table", quotedTable);
            if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
            {
                return null;
            }
        }

        await using var read = new NpgsqlCommand($"SELECT coalesce(max(version), 0) FROM {quotedTable}", connection);
        return (int)(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    // The schema and its version table are created only when missing, so that a role without the
    // right to create a schema can use one made for it. Returns the version of the new table: 0.
    private static async Task<int> CreateVersionTableAsync(NpgsqlConnection connection, InboxDatabase database, CancellationToken cancellationToken)
    {
        await using (var exists = new NpgsqlCommand("SELECT to_regnamespace(@schema) IS NOT NULL", connection))
        {
            exists.Parameters.AddWithValue("schema", database.Schema);
            if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
            {
                await ExecuteAsync(connection, $"CREATE SCHEMA {database.Schema}", cancellationToken).ConfigureAwait(false);
            }
        }

        await ExecuteAsync(connection, $"CREATE TABLE {VersionTable(database)} (version integer PRIMARY KEY, applied_at timestamptz NOT NULL)", cancellationToken).ConfigureAwait(false);
        return 0;
    }

    private static string VersionTable(InboxDatabase database) => database.Schema + ".schema_version";

    private static string Script(int version, string quotedSchema)
    {
        var name = "RefAssured.Sdk.PostgreSql.Schema." + Scripts[version - 1];
        using var stream = typeof(PostgreSqlSchema).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"The schema script of version {version} ({name}) is not embedded in the assembly."));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd().Replace("{schema}", quotedSchema, StringComparison.Ordinal);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}

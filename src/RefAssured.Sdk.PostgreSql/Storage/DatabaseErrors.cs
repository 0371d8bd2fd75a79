using System.Net.Sockets;
using Npgsql;

namespace RefAssured.Sdk.PostgreSql;

/// <summary>
/// Turns what Npgsql throws into what the inbox contract promises: a
/// <see cref="RefAssuredInboxUnavailableException"/> whose message says in general terms what is
/// wrong (unreachable, read-only, out of resources, shutting down), never the host, port,
/// connection string or operating-system text, which stay in the inner exception for the log.
/// </summary>
internal static class DatabaseErrors
{
    /// <summary>The SQLSTATE of a unique-key violation.</summary>
    public const string UniqueViolation = "23505";

    /// <summary>Gets whether an exception comes from the database or the way to it, as opposed to a bug or a cancellation.</summary>
    public static bool IsDatabaseError(Exception exception) =>
        exception is NpgsqlException or SocketException or IOException or TimeoutException or RefAssuredInboxUnavailableException;

    /// <summary>Gets whether an exception is a duplicate key.</summary>
    public static bool IsDuplicateKey(Exception exception) =>
        exception is PostgresException { SqlState: UniqueViolation };

    /// <summary>Wraps a database error; an unavailable exception is passed through as it is.</summary>
    /// <param name="what">What could not be done, for example "store the delivery".</param>
    /// <param name="exception">The cause.</param>
    public static RefAssuredInboxUnavailableException Unavailable(string what, Exception exception) =>
        exception as RefAssuredInboxUnavailableException
        ?? new RefAssuredInboxUnavailableException($"The PostgreSQL inbox cannot {what}: {Describe(exception)}.", exception);

    /// <summary>The cause in general terms.</summary>
    internal static string Describe(Exception exception) => SqlState(exception) switch
    {
        "25006" => "the database is read-only",
        ['5', '3', ..] => "the database is out of resources (disk, memory or connections)",
        ['5', '7', 'P', ..] => "the database is shutting down or restarting",
        ['0', '8', ..] => "the connection to the database failed",
        ['2', '8', ..] => "the database refused the credentials",
        ['4', '2', ..] => "the inbox's tables are missing or not accessible",
        not null => "the database refused the operation",
        null when exception is TimeoutException || exception.InnerException is TimeoutException => "the database did not answer in time",
        null => "the database cannot be reached",
    };

    private static string? SqlState(Exception exception) =>
        exception switch
        {
            PostgresException postgres => postgres.SqlState,
            NpgsqlException { InnerException: PostgresException inner } => inner.SqlState,
            _ => null,
        };
}

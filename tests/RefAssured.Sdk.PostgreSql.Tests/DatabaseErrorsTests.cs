using System.Net.Sockets;
using Npgsql;

namespace RefAssured.Sdk.PostgreSql.Tests;

public sealed class DatabaseErrorsTests
{
    [Theory]
    [InlineData("25006", "the database is read-only")]
    [InlineData("53100", "the database is out of resources (disk, memory or connections)")]
    [InlineData("53300", "the database is out of resources (disk, memory or connections)")]
    [InlineData("57P01", "the database is shutting down or restarting")]
    [InlineData("08006", "the connection to the database failed")]
    [InlineData("28P01", "the database refused the credentials")]
    [InlineData("42P01", "the inbox's tables are missing or not accessible")]
    [InlineData("22001", "the database refused the operation")]
    public void Unavailable_PostgresError_SaysWhatIsWrongInGeneralTerms(string sqlState, string cause)
    {
        var error = new PostgresException("could not extend file \"base/16384/2619\": No space left on device", "ERROR", "ERROR", sqlState);

        var unavailable = DatabaseErrors.Unavailable("store the delivery", error);

        Assert.Equal($"The PostgreSQL inbox cannot store the delivery: {cause}.", unavailable.Message);
        Assert.Same(error, unavailable.InnerException);
    }

    [Fact]
    public void Unavailable_ConnectionRefused_SaysTheDatabaseCannotBeReached_WithoutTheSystemText()
    {
        var error = new NpgsqlException("Failed to connect to 10.1.2.3:5432", new SocketException((int)SocketError.ConnectionRefused));

        var unavailable = DatabaseErrors.Unavailable("count the deliveries", error);

        Assert.Equal("The PostgreSQL inbox cannot count the deliveries: the database cannot be reached.", unavailable.Message);
    }

    [Fact]
    public void Unavailable_Timeout_SaysTheDatabaseDidNotAnswerInTime()
    {
        var error = new NpgsqlException("Exception while reading from stream", new TimeoutException("Timeout during reading attempt"));

        Assert.Equal("The PostgreSQL inbox cannot store the delivery: the database did not answer in time.", DatabaseErrors.Unavailable("store the delivery", error).Message);
    }

    [Fact]
    public void IsDatabaseError_BugOrCancellation_IsNot()
    {
        Assert.False(DatabaseErrors.IsDatabaseError(new InvalidOperationException()));
        Assert.False(DatabaseErrors.IsDatabaseError(new OperationCanceledException()));
        Assert.True(DatabaseErrors.IsDatabaseError(new NpgsqlException()));
        Assert.True(DatabaseErrors.IsDuplicateKey(new PostgresException("duplicate key", "ERROR", "ERROR", "23505")));
    }
}

using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using RefAssured.Sdk.PostgreSql.Tests.Infrastructure;
using static RefAssured.Sdk.PostgreSql.Tests.Infrastructure.InboxTesting;

namespace RefAssured.Sdk.PostgreSql.Tests.Inbox;

/// <summary>A database that cannot take a delivery makes the inbox say so in general terms (the receiver answers 503), never with the server's address.</summary>
public sealed class UnavailableDatabaseTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ClosedPort_AppendAndStatistics_ThrowUnavailableWithoutTheAddress()
    {
        var port = ClosedPort();
        await using var inbox = new PostgreSqlRefAssuredInbox(new PostgreSqlRefAssuredInboxOptions
        {
            ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Timeout=5",
        });

        var append = await Assert.ThrowsAsync<RefAssuredInboxUnavailableException>(() => inbox.AppendAsync(Delivery(1), Cancellation).AsTask());
        var statistics = await Assert.ThrowsAsync<RefAssuredInboxUnavailableException>(() => inbox.GetStatisticsAsync(Cancellation).AsTask());

        foreach (var exception in new[] { append, statistics })
        {
            Assert.Contains("the database cannot be reached", exception.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("127.0.0.1", exception.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(port.ToString(System.Globalization.CultureInfo.InvariantCulture), exception.Message, StringComparison.Ordinal);
            Assert.NotNull(exception.InnerException);
        }
    }

    [Fact]
    public async Task ReadOnlyDatabase_Append_ThrowsUnavailableSayingReadOnly_AndStoresNothing()
    {
        await using var readOnly = await PostgresDatabase.CreateAsync(database.ServerConnectionString);
        var schema = NewSchema("readonly");
        await using (var before = NewInbox(readOnly, schema))
        {
            await before.OpenAsync(Cancellation);
        }

        await readOnly.ScalarAsync($"ALTER DATABASE \"{readOnly.Name}\" SET default_transaction_read_only = on");
        await using var inbox = NewInbox(readOnly, schema);

        var exception = await Assert.ThrowsAsync<RefAssuredInboxUnavailableException>(() => inbox.AppendAsync(Delivery(1), Cancellation).AsTask());

        Assert.Equal("The PostgreSQL inbox cannot store the delivery: the database is read-only.", exception.Message);
        Assert.Equal(0, (await inbox.GetStatisticsAsync(Cancellation)).Depth);
    }

    [Fact]
    public async Task DuplicateId_Append_ThrowsArgumentExceptionAndKeepsTheFirst()
    {
        await using var inbox = NewInbox(database, NewSchema("duplicate"));
        await inbox.AppendAsync(Delivery(1), Cancellation);

        var exception = await Assert.ThrowsAsync<ArgumentException>(() => inbox.AppendAsync(Delivery(1, [1, 2, 3]), Cancellation).AsTask());

        Assert.Contains(Delivery(1).DeliveryId, exception.Message, StringComparison.Ordinal);
        Assert.Equal(Delivery(1).Body.ToArray(), Assert.Single(await ReadAsync(inbox, 1, TimeSpan.FromSeconds(30))).Body.ToArray());
    }

    [Fact]
    public async Task FortyMebibyteBody_RoundTripsThroughAppendReadAndDeadLetter()
    {
        await using var inbox = NewInbox(database, NewSchema("large"));
        var body = RandomNumberGenerator.GetBytes(40 * 1024 * 1024);
        await inbox.AppendAsync(Delivery(1, body), Cancellation);

        var handedOut = Assert.Single(await ReadAsync(inbox, 1, TimeSpan.FromSeconds(60)));
        await inbox.FailAsync(handedOut, new RefAssuredDeliveryFailure("report: ReportContentException", RetryAt: null), Cancellation);
        var deadLetter = await inbox.GetDeadLetterAsync(handedOut.DeliveryId, Cancellation);

        Assert.True(body.AsSpan().SequenceEqual(handedOut.Body.Span), "the body handed out differs from the one stored");
        Assert.NotNull(deadLetter);
        Assert.True(body.AsSpan().SequenceEqual(deadLetter.Delivery.Body.Span), "the dead letter's body differs from the one stored");
    }

    private static int ClosedPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}

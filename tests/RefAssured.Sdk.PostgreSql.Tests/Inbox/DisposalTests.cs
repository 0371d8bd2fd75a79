using RefAssured.Sdk.PostgreSql.Tests.Infrastructure;
using RefAssured.Sdk.Testing;
using static RefAssured.Sdk.PostgreSql.Tests.Infrastructure.InboxTesting;

namespace RefAssured.Sdk.PostgreSql.Tests.Inbox;

public sealed class DisposalTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Dispose_WhileAReaderWaits_EndsTheReadingWithoutAnError()
    {
        var inbox = NewInbox(database, NewSchema("disposed"));
        var reading = Task.Run(
            async () =>
            {
                var read = 0;
                await foreach (var _ in inbox.ReadAsync(Cancellation))
                {
                    read++;
                }

                return read;
            },
            Cancellation);
        await inbox.OpenAsync(Cancellation);
        // The reader listens once it is past the check for a disposed inbox: it is waiting for deliveries.
        await Wait.UntilAsync(() => inbox.IsListening, "the reader to start listening", TimeSpan.FromSeconds(30));

        await inbox.DisposeAsync();

        Assert.Equal(0, await reading.WaitAsync(TimeSpan.FromSeconds(30), Cancellation));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => inbox.OpenAsync(Cancellation).AsTask());
    }

    [Fact]
    public async Task Dispose_WithAGivenDataSource_LeavesItUsable()
    {
        await using var dataSource = database.CreateDataSource();
        var inbox = new PostgreSqlRefAssuredInbox(new PostgreSqlRefAssuredInboxOptions { DataSource = dataSource, Schema = NewSchema("given") });
        await inbox.AppendAsync(Delivery(1), Cancellation);

        await inbox.DisposeAsync();

        await using var command = dataSource.CreateCommand($"SELECT count(*) FROM {inbox.Schema}.deliveries");
        Assert.Equal(1L, await command.ExecuteScalarAsync(Cancellation));
    }
}

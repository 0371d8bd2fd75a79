using Npgsql;

namespace RefAssured.Sdk.PostgreSql;

/// <summary>
/// Announces due deliveries to every listening instance with <c>NOTIFY</c>, after the rows are
/// committed and apart from their transactions: a transaction that notifies holds a lock every
/// other notifying transaction waits for until it has committed, which would take away the group
/// commit of concurrent appends. Requests made while a notification is being sent are folded
/// into one more, sent after it, so that every committed row is announced after its commit. A
/// lost announcement only delays a delivery until the readers' next poll.
/// </summary>
internal sealed class DeliveryAnnouncer : IAsyncDisposable
{
    private const int Idle = 0;
    private const int Sending = 1;
    private const int SendingAndRequested = 2;

    private readonly InboxDatabase _database;
    private readonly RefAssuredObserver? _observer;
    private readonly string _notify;
    private int _state;
    private volatile Task _sending = Task.CompletedTask;
    private volatile bool _disposed;

    public DeliveryAnnouncer(InboxDatabase database, RefAssuredObserver? observer)
    {
        _database = database;
        _observer = observer;
        // The notification itself need not be durable: its commit does not wait for the disk.
        _notify = "SET LOCAL synchronous_commit TO OFF; NOTIFY " + database.Channel;
    }

    /// <summary>Sends a notification soon, once the rows committed so far are visible.</summary>
    public void Announce()
    {
        while (!_disposed)
        {
            var state = Volatile.Read(ref _state);
            if (state == SendingAndRequested)
            {
                return;
            }

            if (Interlocked.CompareExchange(ref _state, state + 1, state) == state)
            {
                if (state == Idle)
                {
                    _sending = Task.Run(SendAsync);
                }

                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        await _sending.ConfigureAwait(false);
    }

    private async Task SendAsync()
    {
        do
        {
            try
            {
                await using var connection = await _database.DataSource.OpenConnectionAsync().ConfigureAwait(false);
                await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
                await using var command = new NpgsqlCommand(_notify, connection, transaction);
                await command.ExecuteNonQueryAsync().ConfigureAwait(false);
                await transaction.CommitAsync().ConfigureAwait(false);
            }
#pragma warning disable CA1031 // A notification that cannot be sent is reported; the readers' polling finds the delivery.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _observer.SafeNotify(ex, static (o, e) => o.InboxFailed("notify", e));
            }
        }
        while (Interlocked.Decrement(ref _state) != Idle);
    }
}

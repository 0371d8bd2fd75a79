using Npgsql;

namespace RefAssured.Sdk.PostgreSql;

/// <summary>
/// Listens on the inbox's channel on a connection of its own and wakes the readers when any
/// instance announces a due delivery. When the connection drops it reconnects with backoff, and
/// wakes the readers on every (re)connection so that what was announced meanwhile is looked for;
/// the readers poll in any case, so a missed notification delays a delivery, never loses it.
/// </summary>
internal sealed class NotificationListener : IAsyncDisposable
{
    // An idle connection is checked this often, so that one silently cut (a network partition) is replaced.
    private static readonly TimeSpan IdleCheck = TimeSpan.FromSeconds(30);

    private readonly InboxDatabase _database;
    private readonly WakeSignal _signal;
    private readonly RefAssuredObserver? _observer;
    private readonly TimeProvider _timeProvider;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _startLock = new();
    private Task? _running;
    private bool _disposed;

    public NotificationListener(InboxDatabase database, WakeSignal signal, RefAssuredObserver? observer, TimeProvider timeProvider)
    {
        _database = database;
        _signal = signal;
        _observer = observer;
        _timeProvider = timeProvider;
    }

    /// <summary>Gets whether the listening connection is established now.</summary>
    public bool IsListening { get; private set; }

    /// <summary>Starts listening, once; later calls, and calls once disposed, do nothing.</summary>
    public void Start()
    {
        lock (_startLock)
        {
            if (!_disposed)
            {
                _running ??= Task.Run(() => RunAsync(_stop.Token));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task? running;
        lock (_startLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            running = _running;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        if (running is not null)
        {
            await running.ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var backoff = new Backoff();
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(backoff, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // Whatever broke the connection, listening resumes; the readers poll meanwhile.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                IsListening = false;
                _observer.SafeNotify(ex, static (o, e) => o.InboxFailed("listen", e));
                await Backoff.DelayAsync(_timeProvider, backoff.Next(), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task ListenAsync(Backoff backoff, CancellationToken cancellationToken)
    {
        await using var connection = await _database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        connection.Notification += (_, _) => _signal.Set();
        await using (var listen = new NpgsqlCommand("LISTEN " + _database.Channel, connection))
        {
            await listen.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        IsListening = true;
        backoff.Reset();
        _signal.Set();
        while (true)
        {
            if (!await connection.WaitAsync(IdleCheck, cancellationToken).ConfigureAwait(false))
            {
                await using var check = new NpgsqlCommand("SELECT 1", connection);
                await check.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }
}

namespace RefAssured.Sdk.PostgreSql;

/// <summary>
/// Runs a piece of work at a fixed interval on the thread pool until disposed. An error is given
/// to the observer under the loop's operation name and the loop goes on at its next turn.
/// </summary>
internal sealed class BackgroundLoop : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;
    private int _disposed;

    public BackgroundLoop(string operation, TimeSpan interval, bool runAtOnce, Func<CancellationToken, Task> work, RefAssuredObserver? observer, TimeProvider timeProvider) =>
        _running = Task.Run(() => RunAsync(operation, interval, runAtOnce, work, observer, timeProvider, _stop.Token));

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await _running.ConfigureAwait(false);
        _stop.Dispose();
    }

    private static async Task RunAsync(string operation, TimeSpan interval, bool runAtOnce, Func<CancellationToken, Task> work, RefAssuredObserver? observer, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        if (!runAtOnce)
        {
            await Backoff.DelayAsync(timeProvider, interval, cancellationToken).ConfigureAwait(false);
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await work(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A background loop reports its error and tries again at its next turn.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                observer.SafeNotify((operation, ex), static (o, f) => o.InboxFailed(f.operation, f.ex));
            }

            await Backoff.DelayAsync(timeProvider, interval, cancellationToken).ConfigureAwait(false);
        }
    }
}

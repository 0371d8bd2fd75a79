using System.Net;

namespace RefAssured.Sdk.HttpListener;

/// <summary>
/// Accepts requests, several at once so that a burst is taken in without waiting, and hands each
/// to the responder. An accept that fails is logged and retried after a backoff (100 ms doubling
/// to 1 s, reset by the next success), whatever the exception: only stopping ends the loop.
/// </summary>
internal sealed class ListenerRequestLoop(Func<Task<HttpListenerContext>> accept, Action stopListening, RequestResponder responder, HostObserver observer, TimeProvider timeProvider)
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LastBackoff = TimeSpan.FromSeconds(1);
    private readonly List<Task> _requests = [];
    private readonly TaskCompletionSource _stopping = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _loop;

    /// <summary>Starts accepting on the thread pool; the listener must be started.</summary>
    public void Start()
    {
        var accepts = Math.Max(4, Environment.ProcessorCount * 2);
        _loop = Task.WhenAll(Enumerable.Range(0, accepts).Select(_ => Task.Run(AcceptAsync)));
    }

    /// <summary>Stops accepting, stops the listener, then waits for the requests being answered, at most <paramref name="drainTimeout"/>.</summary>
    public async Task StopAsync(TimeSpan drainTimeout)
    {
        _stopping.TrySetResult();
        stopListening();
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        Task[] requests;
        lock (_requests)
        {
            requests = [.. _requests];
        }

        await Task.WhenAny(Task.WhenAll(requests), Task.Delay(drainTimeout, timeProvider, CancellationToken.None)).ConfigureAwait(false);
    }

    private async Task AcceptAsync()
    {
        var backoff = FirstBackoff;
        while (!_stopping.Task.IsCompleted)
        {
            HttpListenerContext context;
            try
            {
                context = await accept().ConfigureAwait(false);
                backoff = FirstBackoff;
            }
#pragma warning disable CA1031 // Whatever an accept throws, the host must go on accepting until it is stopped.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                // Stopping closes the listener under a pending accept; that is no failure.
                if (_stopping.Task.IsCompleted)
                {
                    break;
                }

                observer.AcceptFailed(ex, backoff);
                await DelayAsync(backoff).ConfigureAwait(false);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, LastBackoff.Ticks));
                continue;
            }

            var request = Task.Run(() => responder.RespondAsync(context));
            lock (_requests)
            {
                _requests.RemoveAll(t => t.IsCompleted);
                _requests.Add(request);
            }
        }
    }

    private Task<Task> DelayAsync(TimeSpan delay) => Task.WhenAny(Task.Delay(delay, timeProvider, CancellationToken.None), _stopping.Task);
}

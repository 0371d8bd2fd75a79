using System.Threading.Tasks.Sources;

namespace RefAssured.Sdk.Hosting;

/// <summary>
/// The worker's places for deliveries being handled, taken by its reading loop alone and given
/// back as handling ends. Waiting for a place allocates nothing, where a semaphore allocates a
/// waiter, a task and a cancellation hook every time all places are taken, which under load is
/// before nearly every delivery.
/// </summary>
internal sealed class WorkerGate(int places) : IValueTaskSource<bool>
{
    private readonly object _lock = new();
    private ManualResetValueTaskSourceCore<bool> _waiter;
    private int _free = places;
    private bool _waiting;
    private bool _closed;

    /// <summary>
    /// Takes a place, waiting for one when all are taken; <see langword="false"/> once the gate is
    /// closed or <paramref name="stopping"/> is cancelled.
    /// </summary>
    /// <remarks>One caller at a time: a second wait before the first ended is refused.</remarks>
    public ValueTask<bool> TakeAsync(CancellationToken stopping)
    {
        lock (_lock)
        {
            if (_closed || stopping.IsCancellationRequested)
            {
                return new(false);
            }

            if (_free > 0)
            {
                _free--;
                return new(true);
            }

            if (_waiting)
            {
                throw new InvalidOperationException("The gate is already awaited.");
            }

            _waiting = true;
            _waiter.Reset();
            return new(this, _waiter.Version);
        }
    }

    /// <summary>Gives a place back; a waiting loop takes it at once, and goes on on this thread.</summary>
    public void Release()
    {
        lock (_lock)
        {
            if (!_waiting)
            {
                _free++;
                return;
            }

            _waiting = false;
        }

        // Outside the lock: the waiting loop goes on right here, and takes the lock again.
        _waiter.SetResult(true);
    }

    /// <summary>
    /// Closes the gate: a waiting loop, and every later one, gets <see langword="false"/>. The
    /// waiting loop goes on from the thread pool, not from the caller, who is cancelling a token.
    /// </summary>
    public void Close()
    {
        lock (_lock)
        {
            _closed = true;
            if (!_waiting)
            {
                return;
            }

            _waiting = false;
        }

        ThreadPool.UnsafeQueueUserWorkItem(static gate => gate._waiter.SetResult(false), this, preferLocal: false);
    }

    bool IValueTaskSource<bool>.GetResult(short token) => _waiter.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => _waiter.GetStatus(token);

    void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _waiter.OnCompleted(continuation, state, token, flags);
}

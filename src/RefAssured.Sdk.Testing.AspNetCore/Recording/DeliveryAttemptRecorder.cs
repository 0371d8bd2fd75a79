using System.Collections.Concurrent;

namespace RefAssured.Sdk.Testing.Recording;

/// <summary>
/// Keeps the processing attempts of each delivery of one application by delivery id, and lets a
/// test wait for them. An attempt may be recorded before the test learns the delivery's id (the
/// worker can finish before the answer is read), so attempts are kept until a wait takes them.
/// </summary>
internal sealed class DeliveryAttemptRecorder
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public void Record(string deliveryId, DeliveryAttempt attempt)
    {
        var entry = _entries.GetOrAdd(deliveryId, static _ => new Entry());
        entry.Add(attempt);
    }

    /// <summary>
    /// Waits for the first attempt at <paramref name="deliveryId"/>, or with <paramref name="untilSettled"/>
    /// for the first one that settled it, and forgets the delivery's attempts once found.
    /// </summary>
    /// <exception cref="TimeoutException">No such attempt came within <paramref name="timeout"/>.</exception>
    public async Task<DeliveryAttempt> WaitAsync(string deliveryId, bool untilSettled, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var entry = _entries.GetOrAdd(deliveryId, static _ => new Entry());
        using var deadline = new CancellationTokenSource();
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            deadline.CancelAfter(timeout);
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            while (true)
            {
                var (found, next) = entry.Find(untilSettled);
                if (found is not null)
                {
                    _entries.TryRemove(KeyValuePair.Create(deliveryId, entry));
                    return found;
                }

                await next.WaitAsync(linked.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(TimeoutMessage(deliveryId, untilSettled, timeout, entry.Last));
        }
    }

    private static string TimeoutMessage(string deliveryId, bool untilSettled, TimeSpan timeout, DeliveryAttempt? last)
    {
        var waitedFor = untilSettled ? "handled or dead-lettered" : "handled, or failed by a handler";
        var seen = last is null
            ? "No attempt at it has finished: a handler may still be running, or the application's worker (the hosted service AddRefAssuredWebhooks registers) is not running or is busy with earlier deliveries."
            : $"Its last attempt, {last.Attempt}, failed and a retry is due: {last.Dispatch}. Shorten RefAssured:Retry:InitialDelay in the application under test, or lengthen the timeout.";
        return $"Delivery {deliveryId} was stored, but was not {waitedFor} within {timeout.TotalSeconds:0.###} s. {seen}";
    }

    /// <summary>The attempts at one delivery and a signal that completes when another is added.</summary>
    private sealed class Entry
    {
        private readonly Lock _lock = new();
        private readonly List<DeliveryAttempt> _attempts = [];
        private TaskCompletionSource _added = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public DeliveryAttempt? Last
        {
            get
            {
                lock (_lock)
                {
                    return _attempts.Count == 0 ? null : _attempts[^1];
                }
            }
        }

        public void Add(DeliveryAttempt attempt)
        {
            TaskCompletionSource added;
            lock (_lock)
            {
                _attempts.Add(attempt);
                added = _added;
                _added = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            added.SetResult();
        }

        public (DeliveryAttempt? Found, Task Next) Find(bool untilSettled)
        {
            lock (_lock)
            {
                var found = untilSettled ? _attempts.Find(a => a.IsSettled) : _attempts.FirstOrDefault();
                return (found, _added.Task);
            }
        }
    }
}

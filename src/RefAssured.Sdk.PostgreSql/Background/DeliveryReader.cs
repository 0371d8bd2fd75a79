using System.Runtime.CompilerServices;

namespace RefAssured.Sdk.PostgreSql;

/// <summary>
/// Hands out deliveries as they become due: claims one, or waits until a notification, the next
/// due time or the poll interval, whichever comes first. A database error does not end the
/// reading: it is reported, the reader backs off and resumes once the database answers again, so
/// the worker sees only a pause.
/// </summary>
internal sealed class DeliveryReader
{
    // When a due row is being claimed by another instance, how long to wait before looking again.
    private static readonly TimeSpan ContendedWait = TimeSpan.FromMilliseconds(20);

    private readonly DeliveryClaims _claims;
    private readonly ClaimedLeases _leases;
    private readonly WakeSignal _signal;
    private readonly InboxObserver _observer;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _pollInterval;

    public DeliveryReader(DeliveryClaims claims, ClaimedLeases leases, WakeSignal signal, InboxObserver observer, TimeProvider timeProvider, TimeSpan pollInterval)
    {
        _claims = claims;
        _leases = leases;
        _signal = signal;
        _observer = observer;
        _timeProvider = timeProvider;
        _pollInterval = pollInterval;
    }

    /// <summary>Reads until cancelled; <paramref name="open"/> runs before each claim and may fail like the claim.</summary>
    public async IAsyncEnumerable<RefAssuredDelivery> ReadAsync(Func<CancellationToken, ValueTask> open, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var backoff = new Backoff();
        while (!cancellationToken.IsCancellationRequested)
        {
            // Taken before looking, so that a delivery announced while looking wakes the wait below.
            var wake = _signal.Next;
            (RefAssuredDelivery Delivery, Guid Token)? claimed = null;
            TimeSpan wait;
            try
            {
                await open(cancellationToken).ConfigureAwait(false);
                var batch = await _claims.ClaimAsync(1, cancellationToken).ConfigureAwait(false);
                if (batch.Count > 0)
                {
                    claimed = batch[0];
                    wait = TimeSpan.Zero;
                }
                else
                {
                    wait = WaitFor(await _claims.NextDueAsync(cancellationToken).ConfigureAwait(false));
                }

                backoff.Reset();
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                yield break;
            }
#pragma warning disable CA1031 // The worker must see a pause, not an error: reading resumes once the database answers.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _observer.Failed("read", ex);
                wait = backoff.Next();
            }

            if (claimed is var (delivery, token))
            {
                _leases.Add(delivery.DeliveryId, token);
                yield return delivery;
                continue;
            }

            await WaitAsync(wake, wait, cancellationToken).ConfigureAwait(false);
        }
    }

    private TimeSpan WaitFor(TimeSpan? nextDue) => nextDue switch
    {
        null => _pollInterval,
        { } due when due <= TimeSpan.Zero => ContendedWait,
        { } due => due < _pollInterval ? due : _pollInterval,
    };

    private async Task WaitAsync(Task wake, TimeSpan wait, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Backoff.DelayAsync(_timeProvider, wait, timeout.Token);
        await Task.WhenAny(wake, delay).ConfigureAwait(false);
        await timeout.CancelAsync().ConfigureAwait(false);
        await delay.ConfigureAwait(false);
    }
}

using System.Runtime.CompilerServices;

namespace RefAssured.Sdk.PostgreSql;

/// <summary>
/// Hands out deliveries as they become due: claims a few at once (one statement, one commit for
/// them all), hands them out one by one, and when none is due waits until a notification, the
/// next due time or the poll interval, whichever comes first. A database error does not end the
/// reading: it is reported, the reader backs off and resumes once the database answers again, so
/// the worker sees only a pause. Deliveries claimed but not handed out when the reading ends are
/// released.
/// </summary>
internal sealed class DeliveryReader
{
    /// <summary>How many deliveries one claim takes at most: few, so that other instances find work too.</summary>
    public const int ClaimBatch = 4;

    // When a due row is being claimed by another instance, how long to wait before looking again.
    private static readonly TimeSpan ContendedWait = TimeSpan.FromMilliseconds(20);

    private readonly DeliveryClaims _claims;
    private readonly ClaimedLeases _leases;
    private readonly WakeSignal _signal;
    private readonly RefAssuredObserver? _observer;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _pollInterval;

    public DeliveryReader(DeliveryClaims claims, ClaimedLeases leases, WakeSignal signal, RefAssuredObserver? observer, TimeProvider timeProvider, TimeSpan pollInterval)
    {
        _claims = claims;
        _leases = leases;
        _signal = signal;
        _observer = observer;
        _timeProvider = timeProvider;
        _pollInterval = pollInterval;
    }

    /// <summary>Reads until cancelled.</summary>
    /// <param name="open">Opens the inbox; runs before each claim and may fail like it.</param>
    /// <param name="release">Gives back a delivery claimed but not handed out when the reading ends.</param>
    /// <param name="cancellationToken">Ends the reading.</param>
    public async IAsyncEnumerable<RefAssuredDelivery> ReadAsync(Func<CancellationToken, ValueTask> open, Func<RefAssuredDelivery, ValueTask> release, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var backoff = new Backoff();
        var claimed = new Queue<ClaimedDelivery>();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                if (claimed.Count > 0)
                {
                    if (await TakeAsync(claimed, backoff, cancellationToken).ConfigureAwait(false) is { } delivery)
                    {
                        yield return delivery;
                    }

                    continue;
                }

                // Taken before looking, so that a delivery announced while looking wakes the wait below.
                var wake = _signal.Next;
                var wait = await ClaimAsync(open, claimed, backoff, cancellationToken).ConfigureAwait(false);
                if (claimed.Count == 0)
                {
                    await WaitAsync(wake, wait, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            while (claimed.TryDequeue(out var unread))
            {
                await release(unread.Delivery).ConfigureAwait(false);
            }
        }
    }

    // Claims into the queue; returns how long to wait when nothing was claimed.
    private async Task<TimeSpan> ClaimAsync(Func<CancellationToken, ValueTask> open, Queue<ClaimedDelivery> claimed, Backoff backoff, CancellationToken cancellationToken)
    {
        try
        {
            await open(cancellationToken).ConfigureAwait(false);
            foreach (var claim in await _claims.ClaimAsync(ClaimBatch, cancellationToken).ConfigureAwait(false))
            {
                _leases.Add(claim.Delivery.DeliveryId, claim.Token);
                claimed.Enqueue(claim);
            }

            var wait = claimed.Count > 0 ? TimeSpan.Zero : WaitFor(await _claims.NextDueAsync(cancellationToken).ConfigureAwait(false));
            backoff.Reset();
            return wait;
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // The reading ends (the inbox may be closing under it): nothing to report.
            return TimeSpan.Zero;
        }
#pragma warning disable CA1031 // The worker must see a pause, not an error: reading resumes once the database answers.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _observer.SafeNotify(ex, static (o, e) => o.InboxFailed("read", e));
            return backoff.Next();
        }
    }

    // The next claimed delivery with its body; null when its body could not be read yet (after a
    // backoff, the same delivery is tried again) or its lease is lost (it is dropped).
    private async Task<RefAssuredDelivery?> TakeAsync(Queue<ClaimedDelivery> claimed, Backoff backoff, CancellationToken cancellationToken)
    {
        var next = claimed.Peek();
        if (!next.BodyDeferred)
        {
            return claimed.Dequeue().Delivery;
        }

        try
        {
            var body = await _claims.ReadBodyAsync(next.Delivery.DeliveryId, next.Token, cancellationToken).ConfigureAwait(false);
            claimed.Dequeue();
            backoff.Reset();
            if (body is null)
            {
                _leases.Remove(next.Delivery.DeliveryId, next.Token);
                return null;
            }

            return next.Delivery with { Body = body };
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
#pragma warning disable CA1031 // As for a claim: reported, and tried again after a backoff.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _observer.SafeNotify(ex, static (o, e) => o.InboxFailed("read", e));
            await Backoff.DelayAsync(_timeProvider, backoff.Next(), cancellationToken).ConfigureAwait(false);
            return null;
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

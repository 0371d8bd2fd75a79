using System.Diagnostics;

namespace RefAssured.Sdk.Hosting;

/// <summary>
/// The receive pipeline every host shares: it turns one HTTP-shaped request into an exact
/// answer, so every host answers alike. The checks, in order, each answered with its own status
/// and problem body: unknown route (404) → HTTPS required (403) → method other than POST (405,
/// with <c>Allow: POST</c>) → key (401, before any byte of the body is read) → content type (415)
/// → declared size (413) → read within the limit (413 or 400) and the memory budget (503) → parse
/// (400) → store in the inbox (503 when it cannot) → 200. Nothing rejected is stored, and no outcome throws.
/// </summary>
public sealed class RefAssuredReceiver
{
    /// <summary>The header that carries the verification key.</summary>
    public const string KeyHeaderName = "x-refassured-key";

    // An IPv6 address with a zone and a port fits; a host may pass a forwarded value that is longer.
    private const int MaxAddressLength = 100;

    private readonly IRefAssuredInbox _inbox;
    private readonly RefAssuredReceiverOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly MemoryBudget _budget;

    /// <summary>Initializes a receiver.</summary>
    /// <param name="inbox">Where accepted deliveries are stored before the 200.</param>
    /// <param name="options">Keys, limits, the HTTPS requirement and observer. Read on every request, so changes apply to the next one.</param>
    /// <param name="timeProvider">The clock for received times; <see cref="TimeProvider.System"/> by default.</param>
    /// <exception cref="ArgumentNullException"><paramref name="inbox"/> or <paramref name="options"/> is <see langword="null"/>.</exception>
    public RefAssuredReceiver(IRefAssuredInbox inbox, RefAssuredReceiverOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(inbox);
        ArgumentNullException.ThrowIfNull(options);
        _inbox = inbox;
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;

        // An in-memory inbox holds bodies too: one budget counts both.
        _budget = inbox is InMemoryRefAssuredInbox memory ? memory.Budget : new MemoryBudget();
    }

    /// <summary>Receives one request and returns the answer to send. Does not throw for any request.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">The request's abort signal; once the body is parsed, storing is not cancelled.</param>
    /// <returns>The status code, content type and body to send.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    public async Task<RefAssuredReceiveOutcome> ReceiveAsync(RefAssuredReceiveRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = RefAssuredDiagnostics.StartAcknowledgement();
        using var activity = RefAssuredActivities.StartReceive();
        RefAssuredEventType? eventType = request.EventType is { } mapped ? mapped
            : RefAssuredEventTypes.TryParse(request.EventRoute, out var routed) ? routed : null;
        RefAssuredDiagnostics.RecordReceived(eventType);

        var (outcome, stored) = eventType is { } type
            ? await ReceiveCoreAsync(type, request, cancellationToken).ConfigureAwait(false)
            : (RequestChecks.UnknownEvent(request.EventRoute), null);

        RefAssuredActivities.SetOutcome(activity, eventType, outcome);
        RefAssuredDiagnostics.RecordOutcome(outcome, eventType, started);
        Notify(outcome, stored, eventType, RequestText.EscapeOrNull(request.RemoteAddress, MaxAddressLength));
        return outcome;
    }

    // Returns the outcome, and the delivery when it was stored.
    private async ValueTask<(RefAssuredReceiveOutcome Outcome, RefAssuredDelivery? Stored)> ReceiveCoreAsync(RefAssuredEventType type, RefAssuredReceiveRequest request, CancellationToken cancellationToken)
    {
        if ((RequestChecks.CheckHttps(_options, request) ?? RequestChecks.CheckMethod(request.Method)) is { } refused)
        {
            return (refused, null);
        }

        if (await KeyCheck.VerifyAsync(_options, type, request, cancellationToken).ConfigureAwait(false) is { } keyProblem)
        {
            return (keyProblem, null);
        }

        if (RequestChecks.CheckContentType(request.ContentType) is { } mediaProblem)
        {
            return (mediaProblem, null);
        }

        // No array can be larger than Array.MaxLength, whatever the configured limit says.
        var limit = Math.Min(_options.MaxBodySize, Array.MaxLength);
        var declared = request.ContentLength is >= 0 ? request.ContentLength : null;
        if (declared > limit)
        {
            return (RequestChecks.TooLarge($"The body declares {declared} bytes, more than the limit of {limit} bytes."), null);
        }

        using var reservation = new MemoryReservation(_budget, BufferLimit());
        var (body, bodyProblem) = await BodyReader.ReadAsync(request.Body, declared, limit, reservation, cancellationToken).ConfigureAwait(false);
        if (bodyProblem is not null)
        {
            return (bodyProblem, null);
        }

        var parsed = RefAssuredEventParser.Parse(type, body);
        if (!parsed.IsSuccess)
        {
            return (RefAssuredReceiveOutcome.Invalid(parsed.Error), null);
        }

        var delivery = CreateDelivery(type, body, request.RouteValues, parsed.Event);
        if (_inbox is InMemoryRefAssuredInbox)
        {
            // The inbox reserves the body in the same budget from here on.
            reservation.Dispose();
        }

        try
        {
            // Not cancellable: the body is in hand, and an event the sender may never resend is worth keeping.
            await _inbox.AppendAsync(delivery, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Whatever the store throws, the sender must get a 503, not a crash or a 200.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            // The exception, which may name paths and operating-system errors, goes to the server's
            // log only; the sender learns what failed in general terms.
            _options.Observer.SafeNotify(o => o.InboxFailed("append", ex));
            var reason = ex is RefAssuredInboxUnavailableException ? "the inbox is unavailable or full" : "the inbox failed";
            return (RefAssuredReceiveOutcome.Problem(
                RefAssuredReceiveStatus.StoreUnavailable,
                $"The delivery could not be stored because {reason}, so it was not accepted; the cause is in the server's log."), null);
        }

        return (RefAssuredReceiveOutcome.Accepted(delivery.DeliveryId), delivery);
    }

    private RefAssuredDelivery CreateDelivery(RefAssuredEventType type, ReadOnlyMemory<byte> body, IReadOnlyDictionary<string, string> routeValues, RefAssuredEvent parsed)
    {
        var receivedAt = _timeProvider.GetUtcNow();
        return new RefAssuredDelivery(DeliveryIds.New(receivedAt), type, receivedAt, body)
        {
            RouteValues = routeValues,
            // Only a recorded trace is worth linking to; formatting the id of every request's
            // unrecorded activity cost a string per delivery for a link that leads nowhere.
            TraceParent = Activity.Current is { Recorded: true } current ? current.Id : null,
            ParsedEvent = parsed,
        };
    }

    // With an in-memory inbox the smaller of the two limits applies, so that a body the inbox
    // could not take is refused while it is read, not after.
    private long BufferLimit() => _inbox is InMemoryRefAssuredInbox memory
        ? Math.Min(_options.MaxBufferedBytes, memory.MaxBufferedBytes)
        : _options.MaxBufferedBytes;

    private void Notify(RefAssuredReceiveOutcome outcome, RefAssuredDelivery? stored, RefAssuredEventType? eventType, string? remoteAddress)
    {
        if (stored is not null)
        {
            _options.Observer.SafeNotify((stored, remoteAddress), static (o, s) => o.DeliveryAccepted(s.stored, s.remoteAddress));
        }
        else
        {
            _options.Observer.SafeNotify((outcome, eventType, remoteAddress), static (o, s) => o.RequestRejected(s.outcome, s.eventType, s.remoteAddress));
        }
    }
}

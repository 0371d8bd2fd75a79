namespace RefAssured.Sdk.PostgreSql;

/// <summary>
/// What an open inbox does in the background: renews the leases this instance holds every third
/// of the lease duration, applies retention at once and every minute, listens for deliveries
/// announced by any instance (from the first read on), and announces this instance's own.
/// </summary>
internal sealed class InboxBackground : IAsyncDisposable
{
    private static readonly TimeSpan RetentionInterval = TimeSpan.FromMinutes(1);

    private readonly TimeSpan _leaseDuration;
    private readonly DeliveryClaims _claims;
    private readonly ClaimedLeases _leases;
    private readonly PostgreSqlRetention _retention;
    private readonly RefAssuredObserver? _observer;
    private readonly TimeProvider _timeProvider;
    private readonly NotificationListener _listener;
    private readonly DeliveryAnnouncer _announcer;
    private BackgroundLoop? _renewalLoop;
    private BackgroundLoop? _retentionLoop;

    public InboxBackground(InboxDatabase database, TimeSpan leaseDuration, DeliveryClaims claims, ClaimedLeases leases, PostgreSqlRetention retention, RefAssuredObserver? observer, TimeProvider timeProvider)
    {
        _leaseDuration = leaseDuration;
        _claims = claims;
        _leases = leases;
        _retention = retention;
        _observer = observer;
        _timeProvider = timeProvider;
        _listener = new NotificationListener(database, Signal, observer, timeProvider);
        _announcer = new DeliveryAnnouncer(database, observer);
    }

    /// <summary>Gets the signal that wakes this instance's readers.</summary>
    public WakeSignal Signal { get; } = new();

    public bool IsListening => _listener.IsListening;

    /// <summary>Starts lease renewal and retention; called once, when the inbox opens.</summary>
    public void Start()
    {
        _renewalLoop = new BackgroundLoop("renew", _leaseDuration / 3, runAtOnce: false, RenewLeasesAsync, _observer, _timeProvider);
        _retentionLoop = new BackgroundLoop("retention", RetentionInterval, runAtOnce: true, _retention.RunAsync, _observer, _timeProvider);
    }

    /// <summary>Starts listening for announced deliveries, once.</summary>
    public void Listen() => _listener.Start();

    /// <summary>Wakes this instance's readers at once, and the other instances' through the database.</summary>
    public void Announce()
    {
        Signal.Set();
        _announcer.Announce();
    }

    public async ValueTask StopRenewalAsync()
    {
        if (_renewalLoop is not null)
        {
            await _renewalLoop.DisposeAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _listener.DisposeAsync().ConfigureAwait(false);
        await StopRenewalAsync().ConfigureAwait(false);
        if (_retentionLoop is not null)
        {
            await _retentionLoop.DisposeAsync().ConfigureAwait(false);
        }

        await _announcer.DisposeAsync().ConfigureAwait(false);
    }

    private async Task RenewLeasesAsync(CancellationToken cancellationToken)
    {
        if (_leases.Count == 0)
        {
            return;
        }

        var (ids, tokens) = _leases.Snapshot();
        await _claims.RenewAsync(ids, tokens, cancellationToken).ConfigureAwait(false);
    }
}

using Listener = System.Net.HttpListener;

namespace RefAssured.Sdk.HttpListener;

/// <summary>
/// Receives RefAssured webhooks on <see cref="System.Net.HttpListener"/>, for console apps,
/// Windows services and tools without ASP.NET Core. It serves <c>POST {prefix}{event}</c> (both URL
/// spellings) through the SDK's receive pipeline, stores deliveries in the inbox before answering
/// 200, and runs the handlers in the background with the core worker. Many requests are served at
/// once; a slow or disconnecting client does not hold up the others.
/// </summary>
/// <example>
/// <code>
/// var options = new RefAssuredHttpListenerOptions { Keys = new RefAssuredKeySet(key), Log = Console.WriteLine };
/// options.Prefixes.Add("http://127.0.0.1:8080/webhooks/refassured/");
/// await using var host = new RefAssuredHttpListenerHost(options, new RefAssuredDispatcherBuilder()
///     .On&lt;SalesOptIn&gt;((lead, context, ct) => crm.AddLeadAsync(lead, ct))
///     .Build());
/// await host.StartAsync();
/// </code>
/// </example>
public sealed class RefAssuredHttpListenerHost : IAsyncDisposable
{
    private readonly RefAssuredHttpListenerOptions _options;
    private readonly IRefAssuredDispatcher _dispatcher;
    private readonly IRefAssuredInbox _inbox;
    private readonly bool _ownsInbox;
    private readonly HostObserver _observer;
    private readonly RefAssuredReceiver _receiver;
    private readonly Listener _listener = new();
    private readonly string[] _prefixes;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ListenerRequestLoop _requests;
    private Task? _worker;
    private int _state;

    /// <summary>Initializes a host over handlers registered with a <see cref="RefAssuredDispatcherBuilder"/>.</summary>
    /// <param name="options">Prefixes, keys, limits, inbox, worker settings and logging.</param>
    /// <param name="dispatcher">The dispatcher that calls the handlers, for example from <see cref="RefAssuredDispatcherBuilder.Build"/>.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public RefAssuredHttpListenerHost(RefAssuredHttpListenerOptions options, IRefAssuredDispatcher dispatcher)
        : this(options, dispatcher, null)
    {
    }

    // The accept function replaces the listener's own, so that a failing accept can be tested.
    internal RefAssuredHttpListenerHost(RefAssuredHttpListenerOptions options, IRefAssuredDispatcher dispatcher, Func<Listener, Task<System.Net.HttpListenerContext>>? accept)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(dispatcher);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid RefAssured HttpListener options: " + string.Join(" ", problems), nameof(options));
        }

        _options = options;
        _dispatcher = dispatcher;
        _observer = new HostObserver(options.Log, options.Observer);
        _ownsInbox = options.Inbox is null;
        _inbox = options.Inbox ?? new FileRefAssuredInbox(WithObserver(options.FileInbox, _observer), options.TimeProvider);
        _receiver = new RefAssuredReceiver(_inbox, new RefAssuredReceiverOptions
        {
            Keys = options.Keys,
            KeyResolver = options.KeyResolver,
            MaxBodySize = options.MaxBodySize,
            MaxBufferedBytes = options.MaxBufferedBytes,
            RequireHttps = options.RequireHttps,
            Observer = _observer,
        }, options.TimeProvider);
        _prefixes = [.. options.Prefixes];
        foreach (var prefix in _prefixes)
        {
            _listener.Prefixes.Add(prefix);
        }

        var responder = new RequestResponder(_receiver, options, _observer, _prefixes, _stopping.Token);
        var listen = accept ?? (static listener => listener.GetContextAsync());
        _requests = new ListenerRequestLoop(() => listen(_listener), _listener.Stop, responder, _observer, options.TimeProvider);
    }

    /// <summary>
    /// Initializes a host whose handlers come from a service provider: every registered
    /// <see cref="IRefAssuredHandler{TEvent}"/> (resolved as <c>IEnumerable&lt;IRefAssuredHandler&lt;TEvent&gt;&gt;</c>)
    /// handles its event type.
    /// </summary>
    /// <param name="options">Prefixes, keys, limits, inbox, worker settings and logging.</param>
    /// <param name="services">The provider to resolve handlers from, once per delivery.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public RefAssuredHttpListenerHost(RefAssuredHttpListenerOptions options, IServiceProvider services)
        : this(options, new ServiceProviderDispatcher(services ?? throw new ArgumentNullException(nameof(services))))
    {
    }

    /// <summary>Gets the prefixes the host listens on.</summary>
    public IReadOnlyCollection<string> Prefixes => _prefixes;

    /// <summary>Gets the inbox deliveries are stored in, for dead letters and statistics.</summary>
    public IRefAssuredInbox Inbox => _inbox;

    /// <summary>
    /// Opens the inbox (recovering stored deliveries), starts the worker and begins listening.
    /// </summary>
    /// <param name="cancellationToken">Cancels opening the inbox.</param>
    /// <returns>A task that completes once the host listens.</returns>
    /// <exception cref="InvalidOperationException">The host was already started.</exception>
    /// <exception cref="RefAssuredInboxUnavailableException">The inbox directory cannot be opened.</exception>
    /// <exception cref="System.Net.HttpListenerException">A prefix cannot be listened on (in use, or not permitted).</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
        {
            throw new InvalidOperationException("The host was already started; create a new one to start again.");
        }

        try
        {
            if (_inbox is FileRefAssuredInbox file)
            {
                await file.OpenAsync(cancellationToken).ConfigureAwait(false);
            }

            _listener.Start();
            ApplyHeadersTimeout();
        }
        catch
        {
            // Nothing runs yet; the host cannot be started again, only disposed.
            Interlocked.Exchange(ref _state, 3);
            throw;
        }

        _worker = new RefAssuredWorker(_inbox, _dispatcher, WithObserver(_options.Worker, _observer), _options.TimeProvider).RunAsync(_stopping.Token);
        _requests.Start();
    }

    /// <summary>
    /// Stops gracefully: stops listening, lets requests being received finish within
    /// <see cref="RefAssuredHttpListenerOptions.RequestDrainTimeout"/>, then stops the worker under
    /// its shutdown rules. Deliveries not yet handled stay stored for the next start.
    /// </summary>
    /// <param name="cancellationToken">Not used to cut the shutdown short; reserved.</param>
    /// <returns>A task that completes once stopped.</returns>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _state, 2, 1) != 1)
        {
            return;
        }

        await _requests.StopAsync(_options.RequestDrainTimeout).ConfigureAwait(false);
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_worker is not null)
        {
            await _worker.ConfigureAwait(false);
        }

        CloseListener();
    }

    /// <summary>Stops the host if it runs, then releases the listener and, when the host created it, the inbox.</summary>
    /// <returns>A task that completes once released.</returns>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        Interlocked.Exchange(ref _state, 3);
        CloseListener();
        _stopping.Dispose();
        if (_ownsInbox && _inbox is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync().ConfigureAwait(false);
        }
    }

    // HTTP.sys (Windows) bounds the time to send the headers; the managed listener of other
    // platforms has no such setting and throws PlatformNotSupportedException for it.
    private void ApplyHeadersTimeout()
    {
        if (OperatingSystem.IsWindows())
        {
            _listener.TimeoutManager.HeaderWait = _options.RequestHeadersTimeout;
        }
    }

    // The prefixes are cleared first: closed after Stop, the runtime's managed listener binds each
    // prefix's port once more on its way out, and throws when another socket took the port since.
    private void CloseListener()
    {
        try
        {
            _listener.Prefixes.Clear();
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        _listener.Close();
    }

    private static FileRefAssuredInboxOptions WithObserver(FileRefAssuredInboxOptions options, RefAssuredObserver observer) => new()
    {
        Directory = options.Directory,
        Retention = options.Retention,
        CompletedBodyRetention = options.CompletedBodyRetention,
        SegmentSize = options.SegmentSize,
        SizeQuota = options.SizeQuota,
        DeadLetterRetention = options.DeadLetterRetention,
        Observer = options.Observer ?? observer,
    };

    private static RefAssuredWorkerOptions WithObserver(RefAssuredWorkerOptions options, RefAssuredObserver observer) => new()
    {
        MaxConcurrency = options.MaxConcurrency,
        ShutdownTimeout = options.ShutdownTimeout,
        RetryPolicy = options.RetryPolicy,
        StoreExceptionMessages = options.StoreExceptionMessages,
        Observer = options.Observer ?? observer,
    };
}

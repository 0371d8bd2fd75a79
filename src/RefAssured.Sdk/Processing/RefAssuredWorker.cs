namespace RefAssured.Sdk.Hosting;

/// <summary>
/// Reads deliveries from the inbox and hands them to the dispatcher in the background, a few at
/// a time. A delivery whose handlers all succeed is completed; a failed one is retried with
/// backoff by the <see cref="RefAssuredRetryPolicy"/>, then dead-lettered. On shutdown it stops
/// taking deliveries, lets running handlers finish within <see cref="RefAssuredWorkerOptions.ShutdownTimeout"/>,
/// then cancels them; what did not finish stays stored, not completed.
/// </summary>
public sealed class RefAssuredWorker
{
    private readonly IRefAssuredInbox _inbox;
    private readonly IRefAssuredDispatcher _dispatcher;
    private readonly RefAssuredWorkerOptions _options;
    private readonly TimeProvider _timeProvider;

    /// <summary>Initializes a worker.</summary>
    /// <param name="inbox">The inbox to read from and record outcomes in.</param>
    /// <param name="dispatcher">The dispatcher that calls the handlers.</param>
    /// <param name="options">Concurrency, shutdown and retry settings; defaults when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock for retry times and the shutdown timeout; <see cref="TimeProvider.System"/> by default.</param>
    /// <exception cref="ArgumentNullException"><paramref name="inbox"/> or <paramref name="dispatcher"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid (concurrency below 1, a negative timeout, an invalid retry policy).</exception>
    public RefAssuredWorker(IRefAssuredInbox inbox, IRefAssuredDispatcher dispatcher, RefAssuredWorkerOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(inbox);
        ArgumentNullException.ThrowIfNull(dispatcher);
        _inbox = inbox;
        _dispatcher = dispatcher;
        _options = options ?? new RefAssuredWorkerOptions();
        _timeProvider = timeProvider ?? TimeProvider.System;

        var problems = new List<string>(_options.RetryPolicy?.Validate() ?? ["RetryPolicy cannot be null."]);
        if (_options.MaxConcurrency < 1)
        {
            problems.Add($"MaxConcurrency must be at least 1 (was {_options.MaxConcurrency}).");
        }

        if (_options.ShutdownTimeout < TimeSpan.Zero)
        {
            problems.Add("ShutdownTimeout cannot be negative.");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid worker options: " + string.Join(" ", problems), nameof(options));
        }
    }

    /// <summary>Processes deliveries until <paramref name="stoppingToken"/> is cancelled, then shuts down gracefully.</summary>
    /// <param name="stoppingToken">Cancel to stop; the task completes once running handlers finished or were cancelled.</param>
    /// <returns>A task that completes when the worker has stopped.</returns>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        using var handlerCancellation = new CancellationTokenSource();
        var gate = new WorkerGate(_options.MaxConcurrency);
        using var closeGate = stoppingToken.UnsafeRegister(static state => ((WorkerGate)state!).Close(), gate);
        var running = new List<Task>();

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var delivery in _inbox.ReadAsync(stoppingToken).ConfigureAwait(false))
                {
                    if (!await gate.TakeAsync(stoppingToken).ConfigureAwait(false))
                    {
                        await ReleaseUnhandledAsync(delivery).ConfigureAwait(false);
                        break;
                    }

                    running.RemoveAll(static t => t.IsCompleted);
                    running.Add(ProcessOnThreadPoolAsync(delivery, gate, handlerCancellation.Token));
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
#pragma warning disable CA1031 // A failing inbox read is reported and retried; the worker must keep running.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _options.Observer.SafeNotify(o => o.InboxFailed("read", ex));
                await DelayQuietly(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(false);
            }
        }

        await DrainAsync(running, handlerCancellation).ConfigureAwait(false);
    }

    // Shutting down with a delivery in hand: the inbox hands it out again later.
    private Task ReleaseUnhandledAsync(RefAssuredDelivery delivery) =>
        RecordAsync("release", () => _inbox.ReleaseAsync(delivery, CancellationToken.None));

    private async Task DrainAsync(List<Task> running, CancellationTokenSource handlerCancellation)
    {
        var all = Task.WhenAll(running);
        using var timeout = new CancellationTokenSource();
        var grace = Task.Delay(_options.ShutdownTimeout, _timeProvider, timeout.Token);
        if (await Task.WhenAny(all, grace).ConfigureAwait(false) != all)
        {
            await handlerCancellation.CancelAsync().ConfigureAwait(false);
        }

        await timeout.CancelAsync().ConfigureAwait(false);
        await all.ConfigureAwait(false);
    }

    private async Task DelayQuietly(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    // Handles one delivery and frees its place at the gate once its handlers are done; recording
    // the outcome in the inbox (for a durable inbox, a write that waits for a flush) goes on
    // after that, so the next delivery's handlers need not wait for it.
    private Task ProcessOnThreadPoolAsync(RefAssuredDelivery delivery, WorkerGate gate, CancellationToken cancellationToken) =>
        HandleAsync(delivery, gate, cancellationToken).Unwrap();

    // Returns the task recording the outcome; by then nothing here holds the delivery's body any more.
    private async Task<Task> HandleAsync(RefAssuredDelivery delivery, WorkerGate gate, CancellationToken cancellationToken)
    {
        try
        {
            // Off the reading loop at once: a handler's synchronous part must not hold up the next delivery.
            await Task.Yield();
            return await ProcessAsync(delivery, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    // Runs the handlers; returns the task that records the outcome in the inbox.
    private async ValueTask<Task> ProcessAsync(RefAssuredDelivery delivery, CancellationToken cancellationToken)
    {
        using var activity = RefAssuredActivities.StartHandle(delivery);
        RefAssuredDispatchResult result;
        try
        {
            result = await _dispatcher.DispatchAsync(delivery, cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A dispatcher that throws fails this attempt like a handler would.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            result = new RefAssuredDispatchResult([new RefAssuredHandlerOutcome(_dispatcher.GetType().Name, ex)]);
        }

        RefAssuredActivities.SetResult(activity, result);

        if (result.Succeeded)
        {
            RefAssuredDiagnostics.RecordProcessed(delivery.EventType);

            // Without the body: a large one is not held while the completion waits for its flush.
            return CompleteAsync(delivery with { Body = ReadOnlyMemory<byte>.Empty, ParsedEvent = null });
        }

        return RecordFailureAsync(delivery, result, cancellationToken);
    }

    private async Task CompleteAsync(RefAssuredDelivery delivery)
    {
        try
        {
            await _inbox.CompleteAsync(delivery, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // As in RecordAsync: the delivery stays stored and not completed.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _options.Observer.SafeNotify(ex, static (o, e) => o.InboxFailed("complete", e));
        }
    }

    // Apart from ProcessAsync, so that the closures here are made only for a delivery that failed.
    private async Task RecordFailureAsync(RefAssuredDelivery delivery, RefAssuredDispatchResult result, CancellationToken cancellationToken)
    {
        var completed = new HashSet<string>(delivery.CompletedHandlers, StringComparer.Ordinal);
        completed.UnionWith(result.SucceededHandlers);
        if (cancellationToken.IsCancellationRequested && result.Outcomes.Any(o => o.Exception is OperationCanceledException))
        {
            // Cut short by shutdown: not a failure of the delivery; it is handed out again later.
            await RecordAsync("release", () => _inbox.ReleaseAsync(delivery with { CompletedHandlers = completed }, CancellationToken.None)).ConfigureAwait(false);
            return;
        }

        var errorType = TelemetryTags.ErrorTypeValue(result);
        RefAssuredDiagnostics.RecordFailed(delivery.EventType, errorType);
        var delay = result.IsPermanentFailure ? null : _options.RetryPolicy.GetRetryDelay(delivery.Attempt);
        DateTimeOffset? retryAt = delay is { } d ? _timeProvider.GetUtcNow() + d : null;
        var error = result.ToString();
        var stored = StoredError.Describe(result, _options.StoreExceptionMessages);
        foreach (var outcome in result.Outcomes.Where(o => !o.Succeeded))
        {
            _options.Observer.SafeNotify(o => o.HandlerFailed(delivery, outcome, retryAt));
        }

        if (retryAt is null)
        {
            RefAssuredDiagnostics.RecordDeadLettered(delivery.EventType, errorType);
            _options.Observer.SafeNotify(o => o.DeliveryDeadLettered(delivery, error));
        }

        var failure = new RefAssuredDeliveryFailure(stored, retryAt) { CompletedHandlers = completed };
        await RecordAsync("fail", () => _inbox.FailAsync(delivery, failure, CancellationToken.None)).ConfigureAwait(false);
    }

    private async Task RecordAsync(string operation, Func<ValueTask> record)
    {
        try
        {
            await record().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The delivery stays stored and not completed; a durable inbox hands it out again after a restart.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _options.Observer.SafeNotify(o => o.InboxFailed(operation, ex));
        }
    }

}

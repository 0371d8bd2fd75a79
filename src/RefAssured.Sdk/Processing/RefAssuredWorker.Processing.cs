using System.Diagnostics;

namespace RefAssured.Sdk.Hosting;

public sealed partial class RefAssuredWorker
{
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
        using var activity = StartHandleActivity(delivery);
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

        activity?.SetTag("refassured.succeeded", result.Succeeded);

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

        RefAssuredDiagnostics.RecordFailed(delivery.EventType);
        var delay = result.IsPermanentFailure ? null : _options.RetryPolicy.GetRetryDelay(delivery.Attempt);
        DateTimeOffset? retryAt = delay is { } d ? _timeProvider.GetUtcNow() + d : null;
        var error = result.ToString();
        foreach (var outcome in result.Outcomes.Where(o => !o.Succeeded))
        {
            _options.Observer.SafeNotify(o => o.HandlerFailed(delivery, outcome, retryAt));
        }

        if (retryAt is null)
        {
            RefAssuredDiagnostics.RecordDeadLettered(delivery.EventType);
            _options.Observer.SafeNotify(o => o.DeliveryDeadLettered(delivery, error));
        }

        var failure = new RefAssuredDeliveryFailure(error, retryAt) { CompletedHandlers = completed };
        await RecordAsync("fail", () => _inbox.FailAsync(delivery, failure, CancellationToken.None)).ConfigureAwait(false);
    }

    private static Activity? StartHandleActivity(RefAssuredDelivery delivery)
    {
        if (!RefAssuredDiagnostics.ActivitySource.HasListeners())
        {
            return null;
        }

        ActivityLink[]? links = null;
        if (delivery.TraceParent is { } parent && ActivityContext.TryParse(parent, null, out var receive))
        {
            links = [new ActivityLink(receive)];
        }

        var activity = RefAssuredDiagnostics.ActivitySource.StartActivity("RefAssured.Handle", ActivityKind.Consumer, default(ActivityContext), links: links);
        activity?.SetTag("refassured.event_type", delivery.EventType.ToString());
        activity?.SetTag("refassured.delivery_id", delivery.DeliveryId);
        activity?.SetTag("refassured.attempt", delivery.Attempt);
        return activity;
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

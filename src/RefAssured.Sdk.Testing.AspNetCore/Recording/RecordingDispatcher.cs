namespace RefAssured.Sdk.Testing.Recording;

/// <summary>
/// Wraps the application's dispatcher and records what each attempt came to, deciding between a
/// retry and a dead letter as the worker does: a permanent failure, or a failed last attempt, is
/// dead-lettered. What the inner dispatcher returns or throws reaches the worker unchanged.
/// </summary>
internal sealed class RecordingDispatcher(IRefAssuredDispatcher inner, DeliveryAttemptRecorder recorder, int maxAttempts) : IRefAssuredDispatcher
{
    public async Task<RefAssuredDispatchResult> DispatchAsync(RefAssuredDelivery delivery, CancellationToken cancellationToken)
    {
        RefAssuredDispatchResult result;
        try
        {
            result = await inner.DispatchAsync(delivery, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The worker fails the attempt under the dispatcher's name; so does the record.
            Record(delivery, new RefAssuredDispatchResult([new RefAssuredHandlerOutcome(inner.GetType().Name, ex)]));
            throw;
        }

        // An attempt cut short by shutdown is handed out again later, neither failed nor done.
        if (!(cancellationToken.IsCancellationRequested && result.Outcomes.Any(o => o.Exception is OperationCanceledException)))
        {
            Record(delivery, result);
        }

        return result;
    }

    private void Record(RefAssuredDelivery delivery, RefAssuredDispatchResult result)
    {
        var outcome = result.Succeeded ? RefAssuredPostResult.Handled
            : result.IsPermanentFailure || delivery.Attempt >= maxAttempts ? RefAssuredPostResult.DeadLettered
            : RefAssuredPostResult.Failed;
        recorder.Record(delivery.DeliveryId, new DeliveryAttempt(delivery.Attempt, outcome, result));
    }
}

namespace RefAssured.Sdk.PostgreSql;

/// <summary>
/// Records the outcome of a delivery this instance handed out (completed, failed, released) under
/// the lease token it claimed the delivery with. Should the lease have expired and another
/// instance have taken the delivery over, nothing is recorded, since that instance handles it now;
/// the observer is told, and nothing is thrown. The token is forgotten whatever happens, so that a
/// lease this instance will not act on again is no longer renewed and expires.
/// </summary>
internal sealed class LeasedOutcomes(DeliveryCommands commands, ClaimedLeases leases, RefAssuredObserver? observer, Action announce)
{
    public Task CompleteAsync(RefAssuredDelivery delivery, CancellationToken cancellationToken) =>
        RecordAsync(delivery, "complete", "record the completion", token => commands.CompleteAsync(delivery.DeliveryId, token, cancellationToken));

    public Task FailAsync(RefAssuredDelivery delivery, RefAssuredDeliveryFailure failure, CancellationToken cancellationToken) =>
        RecordAsync(delivery, "fail", "record the failure", token => commands.FailAsync(delivery, failure, token, cancellationToken));

    /// <summary>Makes the delivery pending again, at the same attempt, and announces it.</summary>
    public async Task ReleaseAsync(RefAssuredDelivery delivery, CancellationToken cancellationToken)
    {
        if (await RecordAsync(delivery, "release", "release the delivery", token => commands.ReleaseAsync(delivery, token, cancellationToken)).ConfigureAwait(false))
        {
            announce();
        }
    }

    /// <returns>Whether the outcome was recorded.</returns>
    private async Task<bool> RecordAsync(RefAssuredDelivery delivery, string operation, string what, Func<Guid, Task<bool>> record)
    {
        if (!leases.TryGet(delivery.DeliveryId, out var token))
        {
            observer.SafeNotify(o => o.InboxFailed(operation, LeaseLost(delivery, operation)));
            return false;
        }

        bool recorded;
        try
        {
            recorded = await record(token).ConfigureAwait(false);
        }
        catch (Exception ex) when (DatabaseErrors.IsDatabaseError(ex))
        {
            throw DatabaseErrors.Unavailable(what, ex);
        }
        finally
        {
            leases.Remove(delivery.DeliveryId, token);
        }

        if (!recorded)
        {
            observer.SafeNotify(o => o.InboxFailed(operation, LeaseLost(delivery, operation)));
        }

        return recorded;
    }

    private static InvalidOperationException LeaseLost(RefAssuredDelivery delivery, string operation) =>
        new($"The {operation} of delivery {delivery.DeliveryId} was not recorded: this instance no longer holds its lease (it expired and another instance took the delivery over, or it was never handed out here).");
}

using RefAssured.Sdk.PostgreSql;

namespace RefAssured.Cli;

/// <summary>Finds a delivery of a PostgreSQL inbox in any state its row is kept in (completed rows until the retention deletes them).</summary>
internal static class PostgreSqlDeliveryFinder
{
    public static async ValueTask<DeliveryView> FindAsync(PostgreSqlRefAssuredInbox inbox, InboxTarget target, string deliveryId, bool includeBody, CancellationToken cancellationToken)
    {
        var row = await inbox.FindDeliveryAsync(deliveryId, includeBody, cancellationToken).ConfigureAwait(false)
            ?? throw CliException.Failure(
                $"No delivery has the id '{deliveryId}' in the PostgreSQL inbox, schema {target.Name}: no row in any state (completed deliveries are deleted once past the inbox's retention).");

        var state = row.State switch
        {
            DeliveryStates.Pending => DeliveryView.Pending,
            DeliveryStates.InFlight => DeliveryView.InFlight,
            DeliveryStates.RetryScheduled => DeliveryView.RetryScheduled,
            DeliveryStates.DeadLettered => DeliveryView.DeadLettered, // became one since the dead letters were searched
            _ => DeliveryView.Completed,
        };
        var inFlight = state == DeliveryView.InFlight;
        return new DeliveryView(row.Delivery, state)
        {
            Cause = row.LastError,
            NextAttemptAt = state is DeliveryView.Pending or DeliveryView.RetryScheduled ? row.AvailableAt : null,
            Due = (state is DeliveryView.Pending or DeliveryView.RetryScheduled) && row.AvailableAt <= row.DatabaseNow,
            LeaseOwner = inFlight ? row.LeaseOwner : null,
            LeaseExpiresAt = inFlight ? row.AvailableAt : null,
            LeaseExpired = inFlight && row.AvailableAt <= row.DatabaseNow,
            CompletedAt = row.CompletedAt,
            BodyBytes = row.BodyBytes,
            BodyMissing = row.BodyBytes is null ? "removed by the inbox's completed-body retention" : null,
            HasBody = includeBody && row.BodyBytes is not null,
        };
    }
}

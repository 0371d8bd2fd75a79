namespace RefAssured.Cli;

/// <summary>
/// Finds a delivery of a file inbox: among the deliveries it holds and has not completed, then in
/// its audit trail, whose last entry for the id tells a completed delivery (without its body,
/// handlers or route values, which the trail does not record) from a purged or expired one.
/// </summary>
internal static class FileDeliveryFinder
{
    public static async ValueTask<DeliveryView> FindAsync(FileRefAssuredInbox inbox, InboxTarget target, string deliveryId, bool includeBody, CancellationToken cancellationToken)
    {
        var parts = await inbox.EnsureOpenAsync(cancellationToken).ConfigureAwait(false);
        if (parts.Deliveries.Find(deliveryId) is var (entry, bodyLost))
        {
            var state = entry.State switch
            {
                RefAssuredDeliveryState.RetryScheduled => DeliveryView.RetryScheduled,
                RefAssuredDeliveryState.InFlight => DeliveryView.InFlight,
                RefAssuredDeliveryState.DeadLettered => DeliveryView.DeadLettered,
                _ => DeliveryView.Pending,
            };

            // A body kept on disk only is read back even without --include-body, for its size.
            return new DeliveryView(entry.Delivery, state)
            {
                Cause = entry.LastError,
                NextAttemptAt = entry.RetryAt,
                Due = state == DeliveryView.Pending, // a retry becomes pending when its time comes

                BodyBytes = bodyLost ? null : entry.Delivery.Body.Length,
                BodyMissing = bodyLost ? "its record could not be read back from the inbox's segments" : null,
                HasBody = includeBody && !bodyLost,
            };
        }

        RefAssuredAuditEntry? last = null;
        await foreach (var line in inbox.ReadAuditTrailAsync(cancellationToken).ConfigureAwait(false))
        {
            if (string.Equals(line.DeliveryId, deliveryId, StringComparison.Ordinal))
            {
                last = line;
            }
        }

        return last switch
        {
            null => throw CliException.Failure(
                $"No delivery has the id '{deliveryId}' in the file inbox at {target.Name}: none of the deliveries it holds (pending, retry scheduled, dead letters) and no entry in its audit trail."),
            { Outcome: "completed" } => Completed(last),
            _ => throw CliException.Failure(
                $"No delivery has the id '{deliveryId}' in the file inbox at {target.Name} any more: its audit trail says it was {last.Outcome} at {InboxText.Time(last.At)}."),
        };
    }

    private static DeliveryView Completed(RefAssuredAuditEntry entry) =>
        new(new RefAssuredDelivery(entry.DeliveryId, entry.EventType, entry.ReceivedAt, default) { Attempt = entry.Attempts }, DeliveryView.Completed)
        {
            CompletedAt = entry.At,
            BodyMissing = "the file inbox shows the bodies of deliveries not yet completed only",
            HasDetails = false,
            Source = "the inbox's audit trail",
        };
}

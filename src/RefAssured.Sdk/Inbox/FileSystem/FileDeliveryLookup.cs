namespace RefAssured.Sdk.Hosting;

/// <summary>
/// Finds one delivery an open <see cref="FileRefAssuredInbox"/> holds and has not completed, in
/// whatever state, for operators. A body kept on disk only is read back from its record.
/// </summary>
internal sealed class FileDeliveryLookup(SegmentLog log, DeliveryScheduler scheduler)
{
    /// <summary>
    /// Returns the delivery with its state, or null when no delivery not completed has the id.
    /// <c>BodyLost</c> is true when a body kept on disk could not be read back (the entry's body is then empty).
    /// </summary>
    public (RefAssuredInboxEntry Entry, bool BodyLost)? Find(string deliveryId)
    {
        ArgumentNullException.ThrowIfNull(deliveryId);
        var (entry, found, location) = scheduler.Read(entries => entries.TryGetValue(deliveryId, out var e)
            ? (e, new RefAssuredInboxEntry(e.Delivery, e.State, e.LastError, e.RetryAt), e.Location)
            : default);
        if (entry is null || found is null)
        {
            return null;
        }

        if (!entry.BodyOnDisk)
        {
            return (found, false);
        }

        return StoredBody.TryRead(log, scheduler, entry, location, out var body, out _)
            ? (found with { Delivery = found.Delivery with { Body = body } }, false)
            : (found, true);
    }
}

namespace RefAssured.Sdk.Hosting;

/// <summary>Reads back a body that the file inbox keeps on disk only.</summary>
internal static class StoredBody
{
    /// <summary>
    /// Reads the body of <paramref name="entry"/> from <paramref name="seen"/>, where it was when
    /// the caller looked. Should retention have moved the record to the active segment since (and
    /// removed the old one), it is read at its new place.
    /// </summary>
    /// <exception cref="IOException">The segment cannot be read.</exception>
    /// <exception cref="InvalidDataException">The record is damaged.</exception>
    public static ReadOnlyMemory<byte> Read(SegmentLog log, DeliveryScheduler scheduler, DeliveryEntry entry, RecordLocation seen)
    {
        try
        {
            return log.ReadBody(seen);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            var current = scheduler.Read(_ => entry.Location);
            if (current == seen)
            {
                throw;
            }

            return log.ReadBody(current);
        }
    }
}

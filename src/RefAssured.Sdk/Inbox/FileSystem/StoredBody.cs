using System.Diagnostics.CodeAnalysis;

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
        catch (Exception ex) when (IsReadFailure(ex))
        {
            var current = scheduler.Read(_ => entry.Location);
            if (current == seen)
            {
                throw;
            }

            return log.ReadBody(current);
        }
    }

    /// <summary>Reads as <see cref="Read"/> does, and gives the error instead of throwing it when the body cannot be read back.</summary>
    public static bool TryRead(SegmentLog log, DeliveryScheduler scheduler, DeliveryEntry entry, RecordLocation seen, out ReadOnlyMemory<byte> body, [NotNullWhen(false)] out Exception? error)
    {
        try
        {
            body = Read(log, scheduler, entry, seen);
            error = null;
            return true;
        }
        catch (Exception ex) when (IsReadFailure(ex))
        {
            body = default;
            error = ex;
            return false;
        }
    }

    private static bool IsReadFailure(Exception ex) => ex is IOException or InvalidDataException or UnauthorizedAccessException;
}

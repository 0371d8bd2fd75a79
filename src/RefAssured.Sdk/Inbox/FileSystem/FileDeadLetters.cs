namespace RefAssured.Sdk.Hosting;

/// <summary>
/// The dead letters of an open <see cref="FileRefAssuredInbox"/>: lists them with their bodies,
/// and writes the replay and purge records and audit entries. A dead letter is leased while its
/// record is written, so nothing else acts on it; should the write fail, it is a dead letter
/// again and the error goes to the caller.
/// </summary>
internal sealed class FileDeadLetters(SegmentLog log, AuditTrail audit, DeliveryScheduler scheduler, TimeProvider timeProvider)
{
    public IReadOnlyList<RefAssuredDeadLetter> List() =>
        scheduler.Read(DeliveryStatistics.DeadLetters).Select(d => WithBody(d.Letter, d.Entry)).ToList();

    public RefAssuredDeadLetter? Get(string deliveryId)
    {
        ArgumentNullException.ThrowIfNull(deliveryId);
        var (letter, entry) = scheduler.Read(entries => (DeliveryStatistics.DeadLetter(entries, deliveryId), entries.GetValueOrDefault(deliveryId)));
        return letter is null || entry is null ? null : WithBody(letter, entry);
    }

    public async ValueTask<bool> ReplayAsync(string deliveryId)
    {
        if (await WriteRecordAsync(deliveryId, RecordKind.Replay).ConfigureAwait(false) is not { } entry)
        {
            return false;
        }

        // Audited before it can be handed out, so that the trail never shows its handling first.
        audit.Write(entry.Delivery, "replayed", 1, error: null);
        scheduler.Replay(entry);
        return true;
    }

    public ValueTask<bool> PurgeAsync(string deliveryId) => RemoveAsync(deliveryId, "purged");

    /// <summary>Removes a dead letter past its retention, like a purge audited as <c>expired</c>.</summary>
    public ValueTask<bool> ExpireAsync(string deliveryId) => RemoveAsync(deliveryId, "expired");

    private async ValueTask<bool> RemoveAsync(string deliveryId, string outcome)
    {
        if (await WriteRecordAsync(deliveryId, RecordKind.Purge).ConfigureAwait(false) is not { } entry)
        {
            return false;
        }

        scheduler.Remove(entry);
        audit.Write(entry.Delivery, outcome, entry.Delivery.Attempt, entry.LastError);
        return true;
    }

    // Leases the dead letter, writes its record and returns it, or null when there is no such dead letter.
    private async ValueTask<DeliveryEntry?> WriteRecordAsync(string deliveryId, RecordKind kind)
    {
        ArgumentNullException.ThrowIfNull(deliveryId);
        if (scheduler.LeaseDeadLetter(deliveryId) is not { } entry)
        {
            return null;
        }

        try
        {
            await log.WriteAsync(kind, RecordCodec.EncodeMark(deliveryId, timeProvider.GetUtcNow())).ConfigureAwait(false);
        }
        catch
        {
            scheduler.ReturnDeadLetter(entry);
            throw;
        }

        return entry;
    }

    // A body that cannot be read back any more leaves the letter without it: the error and ids still help.
    private RefAssuredDeadLetter WithBody(RefAssuredDeadLetter letter, DeliveryEntry entry)
    {
        if (!entry.BodyOnDisk)
        {
            return letter;
        }

        var location = scheduler.Read(_ => entry.Location);
        return StoredBody.TryRead(log, scheduler, entry, location, out var body, out _)
            ? letter with { Delivery = letter.Delivery with { Body = body } }
            : letter;
    }
}

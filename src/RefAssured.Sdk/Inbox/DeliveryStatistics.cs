namespace RefAssured.Sdk.Hosting;

/// <summary>Counts stored deliveries by state, for <see cref="IRefAssuredInboxMonitor"/>.</summary>
internal static class DeliveryStatistics
{
    public static RefAssuredInboxStatistics Count(IReadOnlyDictionary<string, DeliveryEntry> entries)
    {
        int pending = 0, inFlight = 0, retry = 0, dead = 0;
        DateTimeOffset? oldest = null;
        foreach (var entry in entries.Values)
        {
            switch (entry.State)
            {
                case RefAssuredDeliveryState.Pending: pending++; break;
                case RefAssuredDeliveryState.InFlight: inFlight++; break;
                case RefAssuredDeliveryState.RetryScheduled: retry++; break;
                default: dead++; continue;
            }

            var received = entry.Delivery.ReceivedAt;
            oldest = oldest is null || received < oldest ? received : oldest;
        }

        return new RefAssuredInboxStatistics(pending, inFlight, retry, dead, oldest);
    }

    /// <summary>The dead letters, oldest received first, as the store lists them (bodies as the entries hold them).</summary>
    public static List<(RefAssuredDeadLetter Letter, DeliveryEntry Entry)> DeadLetters(IReadOnlyDictionary<string, DeliveryEntry> entries) =>
        entries.Values
            .Where(e => e.State == RefAssuredDeliveryState.DeadLettered)
            .OrderBy(e => e.Delivery.ReceivedAt)
            .Select(e => (ToDeadLetter(e), e))
            .ToList();

    public static RefAssuredDeadLetter? DeadLetter(IReadOnlyDictionary<string, DeliveryEntry> entries, string id) =>
        entries.TryGetValue(id, out var entry) && entry.State == RefAssuredDeliveryState.DeadLettered ? ToDeadLetter(entry) : null;

    private static RefAssuredDeadLetter ToDeadLetter(DeliveryEntry entry) =>
        new(entry.Delivery, entry.LastError ?? string.Empty, entry.DeadLetteredAt ?? entry.Delivery.ReceivedAt);
}

namespace RefAssured.Sdk.Hosting;

/// <summary>One line of the file inbox's audit trail.</summary>
/// <param name="At">When it happened.</param>
/// <param name="DeliveryId">The delivery id.</param>
/// <param name="EventType">The event type.</param>
/// <param name="ReceivedAt">When the delivery was received (its key verified, since only verified requests are stored).</param>
/// <param name="Outcome"><c>completed</c>, <c>dead-lettered</c>, <c>replayed</c>, <c>purged</c>, or <c>expired</c> (a dead letter removed by retention).</param>
/// <param name="Attempts">The attempt it ended at.</param>
/// <param name="Error">The last error, for dead letters, purges and expiries (see <see cref="RefAssuredDeliveryFailure.Error"/>).</param>
public sealed record RefAssuredAuditEntry(DateTimeOffset At, string DeliveryId, RefAssuredEventType EventType, DateTimeOffset ReceivedAt, string Outcome, int Attempts, string? Error);

namespace RefAssured.Sdk.Hosting;

/// <summary>A delivery that failed for good.</summary>
/// <param name="Delivery">The delivery, body included, with the attempt it last failed at.</param>
/// <param name="Error">The error of its last attempt, in one line (see <see cref="RefAssuredDeliveryFailure.Error"/>).</param>
/// <param name="DeadLetteredAt">When it was dead-lettered.</param>
public sealed record RefAssuredDeadLetter(RefAssuredDelivery Delivery, string Error, DateTimeOffset DeadLetteredAt);

namespace RefAssured.Sdk.Hosting;

/// <summary>A stored delivery that is not completed, with its state.</summary>
/// <param name="Delivery">The delivery, with its current attempt number.</param>
/// <param name="State">Where it stands.</param>
/// <param name="LastError">The error of its last failed attempt, or <see langword="null"/>.</param>
/// <param name="RetryAt">When it is handed out again, for <see cref="RefAssuredDeliveryState.RetryScheduled"/>.</param>
internal sealed record RefAssuredInboxEntry(RefAssuredDelivery Delivery, RefAssuredDeliveryState State, string? LastError, DateTimeOffset? RetryAt);

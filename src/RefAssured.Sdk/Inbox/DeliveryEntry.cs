namespace RefAssured.Sdk.Hosting;

/// <summary>
/// One stored delivery that is not completed, as <see cref="DeliveryScheduler"/> tracks it.
/// Its fields change only under the scheduler's lock.
/// </summary>
internal sealed class DeliveryEntry(RefAssuredDelivery delivery)
{
    /// <summary>Gets or sets the delivery with its current attempt and completed handlers; its body is empty when <see cref="BodyOnDisk"/>.</summary>
    public RefAssuredDelivery Delivery { get; set; } = delivery;

    public string Id => Delivery.DeliveryId;

    public RefAssuredDeliveryState State { get; set; } = RefAssuredDeliveryState.Pending;

    public string? LastError { get; set; }

    public DateTimeOffset? RetryAt { get; set; }

    public DateTimeOffset? DeadLetteredAt { get; set; }

    /// <summary>Gets or sets the timer that makes a retry due.</summary>
    public ITimer? Timer { get; set; }

    /// <summary>Gets or sets where a durable inbox keeps the record holding the body.</summary>
    public RecordLocation Location { get; set; }

    /// <summary>Gets or sets whether the body is read back from <see cref="Location"/> when handed out, rather than held in memory.</summary>
    public bool BodyOnDisk { get; set; }
}

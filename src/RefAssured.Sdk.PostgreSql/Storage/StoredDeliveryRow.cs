namespace RefAssured.Sdk.PostgreSql;

/// <summary>One delivery's row in any state, as operators see it.</summary>
/// <param name="Delivery">The delivery with its attempt and completed handlers; its body is empty unless it was asked for and is still kept.</param>
/// <param name="State">The <c>state</c> column (see <see cref="DeliveryStates"/>).</param>
/// <param name="AvailableAt">When it may be claimed: its append or release time, its retry time, or its lease's expiry while in flight.</param>
/// <param name="LeaseOwner">The instance that holds (or last held) its lease.</param>
/// <param name="LastError">The error of its last failed attempt.</param>
/// <param name="DeadLetteredAt">When it became a dead letter.</param>
/// <param name="CompletedAt">When its handlers all succeeded.</param>
/// <param name="BodyBytes">The body's size, or null once retention has removed the body.</param>
/// <param name="DatabaseNow">The database server's clock when the row was read, which leases are measured on.</param>
internal sealed record StoredDeliveryRow(
    RefAssuredDelivery Delivery,
    short State,
    DateTimeOffset AvailableAt,
    string? LeaseOwner,
    string? LastError,
    DateTimeOffset? DeadLetteredAt,
    DateTimeOffset? CompletedAt,
    int? BodyBytes,
    DateTimeOffset DatabaseNow);

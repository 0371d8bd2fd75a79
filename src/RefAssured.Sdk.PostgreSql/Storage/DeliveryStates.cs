namespace RefAssured.Sdk.PostgreSql;

/// <summary>The values of the <c>state</c> column (see Schema/001_initial.sql).</summary>
internal static class DeliveryStates
{
    public const short Pending = 1;
    public const short InFlight = 2;
    public const short RetryScheduled = 3;
    public const short DeadLettered = 4;
    public const short Completed = 5;

    /// <summary>The states a claim may take a row from, once it is due.</summary>
    public static readonly string Claimable = $"({Pending}, {InFlight}, {RetryScheduled})";
}

namespace RefAssured.Sdk.Testing.Recording;

/// <summary>One processing attempt at a delivery, as the application's worker saw it.</summary>
/// <param name="Attempt">The attempt's number, from 1.</param>
/// <param name="Result">What the attempt came to: handled, failed (a retry is due) or dead-lettered.</param>
/// <param name="Dispatch">What the handlers did.</param>
internal sealed record DeliveryAttempt(int Attempt, RefAssuredPostResult Result, RefAssuredDispatchResult Dispatch)
{
    /// <summary>Gets whether nothing more will happen to the delivery unless it is replayed.</summary>
    public bool IsSettled => Result is RefAssuredPostResult.Handled or RefAssuredPostResult.DeadLettered;
}

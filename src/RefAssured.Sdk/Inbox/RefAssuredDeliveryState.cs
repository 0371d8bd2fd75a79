namespace RefAssured.Sdk.Hosting;

/// <summary>Where a stored delivery stands.</summary>
internal enum RefAssuredDeliveryState
{
    /// <summary>Waiting to be handed to the worker.</summary>
    Pending = 1,

    /// <summary>Handed to the worker; its handlers are running.</summary>
    InFlight = 2,

    /// <summary>Failed; handed out again at its retry time.</summary>
    RetryScheduled = 3,

    /// <summary>Failed for good (attempts exhausted or a permanent failure); kept until replayed or purged.</summary>
    DeadLettered = 4,
}

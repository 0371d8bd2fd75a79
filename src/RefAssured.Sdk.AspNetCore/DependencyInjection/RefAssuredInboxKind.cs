namespace RefAssured.Sdk.AspNetCore;

/// <summary>Where the webhook endpoints store accepted deliveries before answering 200.</summary>
public enum RefAssuredInboxKind
{
    /// <summary>The durable file inbox (<see cref="FileRefAssuredInbox"/>): what was acknowledged survives a crash.</summary>
    File = 0,

    /// <summary>The in-memory inbox (<see cref="InMemoryRefAssuredInbox"/>): faster, but unhandled deliveries are lost when the process stops.</summary>
    InMemory = 1,
}

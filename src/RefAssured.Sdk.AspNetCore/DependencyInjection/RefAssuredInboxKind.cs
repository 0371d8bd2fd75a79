namespace RefAssured.Sdk.AspNetCore;

/// <summary>Where the webhook endpoints store accepted deliveries before answering 200.</summary>
public enum RefAssuredInboxKind
{
    /// <summary>The durable file inbox (<see cref="FileRefAssuredInbox"/>): what was acknowledged survives a crash.</summary>
    File = 0,

    /// <summary>The in-memory inbox (<see cref="InMemoryRefAssuredInbox"/>): faster, but unhandled deliveries are lost when the process stops.</summary>
    InMemory = 1,

    /// <summary>
    /// The PostgreSQL inbox, shared by every instance that uses the same database: what was
    /// acknowledged survives the loss of any one machine, and another instance takes over the
    /// deliveries of one that died. Needs the package <c>RefAssured.Sdk.AspNetCore.PostgreSql</c>
    /// and its <c>AddPostgreSqlInbox()</c> (or <c>UsePostgreSqlInbox()</c>) on the builder
    /// <c>AddRefAssuredWebhooks()</c> returns; without them the application does not start.
    /// </summary>
    PostgreSql = 2,
}

namespace RefAssured.Sdk.Conformance;

/// <summary>
/// A running webhook host (ASP.NET Core on Kestrel, or HttpListener) on 127.0.0.1, as the
/// conformance suite drives it: events at <c>{BaseAddress}{Prefix}/{event}</c>, an in-memory
/// inbox, a recording handler for every event type and the host's log lines.
/// </summary>
public interface IConformanceHost : IAsyncDisposable
{
    /// <summary>Gets the address the host listens on, for example <c>http://127.0.0.1:5123/</c>.</summary>
    Uri BaseAddress { get; }

    /// <summary>Gets the inbox the host stores in.</summary>
    InMemoryRefAssuredInbox Inbox { get; }

    /// <summary>Gets the handler calls seen so far.</summary>
    IReadOnlyList<HandledCall> Handled { get; }

    /// <summary>Gets the host's log lines so far, formatted.</summary>
    IReadOnlyList<string> LogLines { get; }

    /// <summary>Gets the entries the host logged so far in the <c>RefAssured.Sdk</c> category: level, event id and message.</summary>
    IReadOnlyList<ConformanceLogEntry> LogEntries { get; }

    /// <summary>Gets the name the host's recording handler is known by in logs and dead letters.</summary>
    string HandlerName { get; }

    /// <summary>Sets code that runs inside every handler call before it is recorded (to make handlers slow, say).</summary>
    Func<RefAssuredEvent, RefAssuredEventContext, CancellationToken, Task>? OnHandle { set; }
}

/// <summary>One handler call: the event and its delivery id.</summary>
/// <param name="Event">The event handled.</param>
/// <param name="DeliveryId">The delivery id.</param>
public sealed record HandledCall(RefAssuredEvent Event, string DeliveryId);

/// <summary>How the suite wants a host set up; a host applies each setting in its own way of configuring.</summary>
/// <param name="Key">The verification key.</param>
/// <param name="MaxBodySize">The body size limit, or <see langword="null"/> for the default.</param>
/// <param name="InboxCapacity">The capacity of the in-memory inbox.</param>
/// <param name="RequireHttps">Whether plain-HTTP requests must be refused; the host still listens on plain HTTP.</param>
/// <param name="MaxBufferedBytes">The memory budget for bodies being read and waiting in the in-memory inbox, or <see langword="null"/> for the default.</param>
public sealed record ConformanceSetup(string Key, long? MaxBodySize = null, int InboxCapacity = InMemoryRefAssuredInbox.DefaultCapacity, bool RequireHttps = false, long? MaxBufferedBytes = null);

/// <summary>One log entry as every host must write it.</summary>
/// <param name="Level">The level as console loggers print it: <c>info</c>, <c>warn</c> or <c>fail</c>.</param>
/// <param name="EventId">The event id.</param>
/// <param name="Message">The formatted message, without any exception.</param>
public sealed record ConformanceLogEntry(string Level, int EventId, string Message)
{
    /// <summary>Returns the entry as <c>level [id] message</c>.</summary>
    /// <returns>The entry in one line.</returns>
    public override string ToString() => $"{Level} [{EventId}] {Message}";
}

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
public sealed record ConformanceSetup(string Key, long? MaxBodySize = null, int InboxCapacity = InMemoryRefAssuredInbox.DefaultCapacity, bool RequireHttps = false);

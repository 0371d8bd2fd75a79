using System.Text;
using System.Text.Json;

namespace RefAssured.Cli;

/// <summary>The <c>--json</c> output of the <c>inbox</c> commands.</summary>
internal static class InboxJson
{
    public static string Statistics(InboxTarget target, RefAssuredInboxStatistics statistics) => JsonOutput.Write(w =>
    {
        w.WriteStartObject();
        WriteInbox(w, target);
        w.WriteNumber("pending", statistics.Pending);
        w.WriteNumber("inFlight", statistics.InFlight);
        w.WriteNumber("retryScheduled", statistics.RetryScheduled);
        w.WriteNumber("deadLettered", statistics.DeadLettered);
        w.WriteNumber("depth", statistics.Depth);
        if (target.IsFile)
        {
            w.WriteNumber("quarantined", statistics.Quarantined);
        }

        JsonOutput.WriteTime(w, "oldestWaitingReceivedAt", statistics.OldestWaitingReceivedAt);

        w.WriteEndObject();
    });

    public static string DeadLetters(InboxTarget target, IReadOnlyList<RefAssuredDeadLetter> shown, int total) => JsonOutput.Write(w =>
    {
        w.WriteStartObject();
        WriteInbox(w, target);
        w.WriteNumber("total", total);
        w.WriteStartArray("deadLetters");
        foreach (var letter in shown)
        {
            w.WriteStartObject();
            WriteMetadata(w, letter);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });

    public static string DeadLetter(RefAssuredDeadLetter letter, bool includeBody) => JsonOutput.Write(w =>
    {
        var delivery = letter.Delivery;
        w.WriteStartObject();
        WriteMetadata(w, letter);
        w.WriteString("state", "dead-lettered");
        WriteDetails(w, delivery);
        if (includeBody)
        {
            w.WriteString("body", Encoding.UTF8.GetString(delivery.Body.Span));
        }

        w.WriteEndObject();
    });

    /// <summary>Writes the handlers already done, the route values and the trace parent of <paramref name="delivery"/>.</summary>
    public static void WriteDetails(Utf8JsonWriter w, RefAssuredDelivery delivery)
    {
        w.WriteStartArray("completedHandlers");
        foreach (var handler in delivery.CompletedHandlers.Order(StringComparer.Ordinal))
        {
            w.WriteStringValue(handler);
        }

        w.WriteEndArray();
        w.WriteStartObject("routeValues");
        foreach (var (name, value) in delivery.RouteValues.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            w.WriteString(name, value);
        }

        w.WriteEndObject();
        w.WriteString("traceParent", delivery.TraceParent);
    }

    /// <summary>Writes a count of ids acted on: <c>{"replayed": 2, "ids": [...]}</c>.</summary>
    public static string Count(string name, IReadOnlyList<string> ids) => JsonOutput.Write(w =>
    {
        w.WriteStartObject();
        w.WriteNumber(name, ids.Count);
        w.WriteStartArray("ids");
        foreach (var id in ids)
        {
            w.WriteStringValue(id);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });

    private static void WriteInbox(Utf8JsonWriter w, InboxTarget target)
    {
        w.WriteString("kind", target.Kind);
        w.WriteString(target.IsFile ? "directory" : "schema", target.Name);
    }

    private static void WriteMetadata(Utf8JsonWriter w, RefAssuredDeadLetter letter)
    {
        var delivery = letter.Delivery;
        w.WriteString("id", delivery.DeliveryId);
        w.WriteString("event", RefAssuredEventTypes.GetRouteName(delivery.EventType));
        w.WriteString("receivedAt", delivery.ReceivedAt.ToUniversalTime());
        w.WriteString("deadLetteredAt", letter.DeadLetteredAt.ToUniversalTime());
        w.WriteNumber("attempts", delivery.Attempt);
        w.WriteString("cause", letter.Error);
        w.WriteNumber("bodyBytes", delivery.Body.Length);
    }
}

using System.Globalization;
using System.Text;

namespace RefAssured.Cli;

/// <summary>The plain-text output of the <c>inbox</c> commands.</summary>
internal static class InboxText
{
    public static IEnumerable<string> Statistics(InboxTarget target, RefAssuredInboxStatistics statistics)
    {
        yield return target.IsFile ? $"File inbox {target.Name}" : $"PostgreSQL inbox, schema {target.Name}";
        yield return Row("pending", statistics.Pending);
        yield return Row("in flight", statistics.InFlight);
        yield return Row("retry scheduled", statistics.RetryScheduled);
        yield return Row("dead letters", statistics.DeadLettered);
        yield return Row("depth", statistics.Depth);
        if (target.IsFile)
        {
            yield return Row("quarantined", statistics.Quarantined);
        }

        yield return "oldest waiting   " + (statistics.OldestWaitingReceivedAt is { } oldest ? Time(oldest) : "none");
    }

    public static IEnumerable<string> DeadLetters(IReadOnlyList<RefAssuredDeadLetter> shown, int total)
    {
        if (total == 0)
        {
            yield return "No dead letters.";
            yield break;
        }

        var idWidth = Math.Max("ID".Length, shown.Max(l => l.Delivery.DeliveryId.Length));
        yield return string.Join("  ", "ID".PadRight(idWidth), "EVENT".PadRight(16), "RECEIVED".PadRight(20), "DEAD-LETTERED".PadRight(20), "ATTEMPTS", "CAUSE");
        foreach (var letter in shown)
        {
            var delivery = letter.Delivery;
            yield return string.Join(
                "  ",
                delivery.DeliveryId.PadRight(idWidth),
                RefAssuredEventTypes.GetRouteName(delivery.EventType).PadRight(16),
                Time(delivery.ReceivedAt).PadRight(20),
                Time(letter.DeadLetteredAt).PadRight(20),
                delivery.Attempt.ToString(CultureInfo.InvariantCulture).PadLeft(8),
                letter.Error);
        }

        yield return shown.Count == total
            ? string.Create(CultureInfo.InvariantCulture, $"{total} dead letter{(total == 1 ? "" : "s")}.")
            : string.Create(CultureInfo.InvariantCulture, $"{shown.Count} of {total} dead letters shown.");
    }

    public static IEnumerable<string> DeadLetter(RefAssuredDeadLetter letter, bool includeBody)
    {
        var delivery = letter.Delivery;
        yield return "id                 " + delivery.DeliveryId;
        yield return "event              " + RefAssuredEventTypes.GetRouteName(delivery.EventType);
        yield return "state              dead letter";
        yield return "received           " + Time(delivery.ReceivedAt);
        yield return "dead-lettered      " + Time(letter.DeadLetteredAt);
        yield return "attempts made      " + delivery.Attempt.ToString(CultureInfo.InvariantCulture);
        yield return "cause              " + letter.Error;
        yield return "handlers done      " + (delivery.CompletedHandlers.Count == 0 ? "none" : string.Join(", ", delivery.CompletedHandlers.Order(StringComparer.Ordinal)));
        yield return "route values       " + (delivery.RouteValues.Count == 0 ? "none" : string.Join(", ", delivery.RouteValues.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value)));
        yield return "trace parent       " + (delivery.TraceParent ?? "none");
        yield return "body               " + string.Create(CultureInfo.InvariantCulture, $"{delivery.Body.Length} bytes")
            + (includeBody ? ":" : " (personal data: add --include-body to print it)");
        if (includeBody)
        {
            yield return Encoding.UTF8.GetString(delivery.Body.Span);
        }
    }

    /// <summary>A time in UTC, to the second.</summary>
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Row(string name, int value) => name.PadRight(17) + value.ToString(CultureInfo.InvariantCulture);
}

using System.Globalization;
using System.Text;

namespace RefAssured.Cli;

/// <summary>The plain text <c>inbox show</c> prints for a delivery that is not a dead letter.</summary>
internal static class DeliveryText
{
    public static IEnumerable<string> Delivery(DeliveryView view)
    {
        var delivery = view.Delivery;
        yield return "id                 " + delivery.DeliveryId;
        yield return "event              " + RefAssuredEventTypes.GetRouteName(delivery.EventType);
        yield return "state              " + view.State.Replace('-', ' ') + (view.Source is null ? "" : $" (from {view.Source})");
        yield return "received           " + InboxText.Time(delivery.ReceivedAt);
        yield return "attempts made      " + view.AttemptsMade.ToString(CultureInfo.InvariantCulture);
        if (view.State is DeliveryView.Pending or DeliveryView.RetryScheduled)
        {
            yield return "next attempt       " + (view.Due, view.NextAttemptAt) switch
            {
                (true, { } since) => $"due since {InboxText.Time(since)}, for the next free worker",
                (true, null) => "due, for the next free worker",
                (false, { } at) => InboxText.Time(at),
                (false, null) => "not scheduled",
            };
        }

        if (view.State == DeliveryView.InFlight)
        {
            yield return "lease              " + (view.LeaseOwner ?? "unknown instance")
                + (view.LeaseExpiresAt is { } until ? $" until {InboxText.Time(until)}" : "")
                + (view.LeaseExpired ? " (expired: any instance may take it over)" : "");
        }

        if (view.CompletedAt is { } completed)
        {
            yield return "completed          " + InboxText.Time(completed);
        }

        if (view.HasDetails)
        {
            yield return "last failure       " + (view.Cause ?? "none");
            yield return "handlers done      " + (delivery.CompletedHandlers.Count == 0 ? "none" : string.Join(", ", delivery.CompletedHandlers.Order(StringComparer.Ordinal)));
            yield return "route values       " + (delivery.RouteValues.Count == 0 ? "none" : string.Join(", ", delivery.RouteValues.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value)));
            yield return "trace parent       " + (delivery.TraceParent ?? "none");
        }

        if (view.BodyBytes is not { } bytes)
        {
            yield return "body               not available: " + view.BodyMissing;
            yield break;
        }

        yield return "body               " + string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes")
            + (view.HasBody ? ":" : " (personal data: add --include-body to print it)");
        if (view.HasBody)
        {
            yield return Encoding.UTF8.GetString(delivery.Body.Span);
        }
    }
}

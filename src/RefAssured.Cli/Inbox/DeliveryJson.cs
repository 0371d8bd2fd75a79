using System.Text;

namespace RefAssured.Cli;

/// <summary>The <c>--json</c> document <c>inbox show</c> prints for a delivery that is not a dead letter.</summary>
internal static class DeliveryJson
{
    public static string Delivery(DeliveryView view) => JsonOutput.Write(w =>
    {
        var delivery = view.Delivery;
        w.WriteStartObject();
        w.WriteString("id", delivery.DeliveryId);
        w.WriteString("event", RefAssuredEventTypes.GetRouteName(delivery.EventType));
        w.WriteString("receivedAt", delivery.ReceivedAt.ToUniversalTime());
        w.WriteString("state", view.State);
        w.WriteNumber("attempts", view.AttemptsMade);
        w.WriteString("cause", view.Cause);
        JsonOutput.WriteTime(w, "nextAttemptAt", view.NextAttemptAt);
        w.WriteBoolean("due", view.Due);
        w.WriteString("leaseOwner", view.LeaseOwner);
        JsonOutput.WriteTime(w, "leaseExpiresAt", view.LeaseExpiresAt);
        w.WriteBoolean("leaseExpired", view.LeaseExpired);
        JsonOutput.WriteTime(w, "completedAt", view.CompletedAt);
        if (view.BodyBytes is { } bytes)
        {
            w.WriteNumber("bodyBytes", bytes);
        }
        else
        {
            w.WriteNull("bodyBytes");
        }

        w.WriteString("bodyMissing", view.BodyMissing);
        w.WriteString("source", view.Source);
        if (view.HasDetails)
        {
            InboxJson.WriteDetails(w, delivery);
        }

        if (view.HasBody)
        {
            w.WriteString("body", Encoding.UTF8.GetString(delivery.Body.Span));
        }

        w.WriteEndObject();
    });
}

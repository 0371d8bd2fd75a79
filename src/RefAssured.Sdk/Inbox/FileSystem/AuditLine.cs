using System.Text.Json;

namespace RefAssured.Sdk.Hosting;

/// <summary>The JSON form of one audit entry.</summary>
internal static class AuditLine
{
    public static void Write(Utf8JsonWriter writer, DateTimeOffset at, RefAssuredDelivery delivery, string outcome, int attempts, string? error)
    {
        writer.WriteStartObject();
        writer.WriteString("at", at);
        writer.WriteString("deliveryId", delivery.DeliveryId);
        writer.WriteString("eventType", RefAssuredEventTypes.GetRouteName(delivery.EventType));
        writer.WriteString("receivedAt", delivery.ReceivedAt);
        writer.WriteBoolean("verified", true);
        writer.WriteString("outcome", outcome);
        writer.WriteNumber("attempts", attempts);
        if (error is not null)
        {
            writer.WriteString("error", error);
        }

        writer.WriteEndObject();
    }

    /// <summary>Parses a line; returns null for a line that is not a whole entry (torn by a crash).</summary>
    public static RefAssuredAuditEntry? Parse(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (!RefAssuredEventTypes.TryParse(root.GetProperty("eventType").GetString(), out var type))
            {
                return null;
            }

            return new RefAssuredAuditEntry(
                root.GetProperty("at").GetDateTimeOffset(),
                root.GetProperty("deliveryId").GetString()!,
                type,
                root.GetProperty("receivedAt").GetDateTimeOffset(),
                root.GetProperty("outcome").GetString()!,
                root.GetProperty("attempts").GetInt32(),
                root.TryGetProperty("error", out var error) ? error.GetString() : null);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}

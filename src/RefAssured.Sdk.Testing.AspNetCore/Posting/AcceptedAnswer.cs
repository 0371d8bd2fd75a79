using System.Text.Json;

namespace RefAssured.Sdk.Testing.Posting;

/// <summary>Reads the delivery id from the receiver's 200 answer, <c>{"status":"received","deliveryId":"…"}</c>.</summary>
internal static class AcceptedAnswer
{
    public static string DeliveryId(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("deliveryId", out var id)
                && id.ValueKind == JsonValueKind.String
                && id.GetString() is { Length: > 0 } deliveryId)
            {
                return deliveryId;
            }
        }
        catch (JsonException)
        {
        }

        throw new InvalidOperationException(
            $"The application answered 200 but not as the RefAssured receiver does ({{\"status\":\"received\",\"deliveryId\":\"…\"}}): {body}. " +
            "Is the path posted to a RefAssured endpoint?");
    }
}

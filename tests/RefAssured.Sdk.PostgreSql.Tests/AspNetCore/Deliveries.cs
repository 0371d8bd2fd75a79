using System.Net;
using System.Text.Json;

namespace RefAssured.Sdk.PostgreSql.Tests.AspNetCore;

/// <summary>What is posted to a receiver and what it answers.</summary>
internal static class Deliveries
{
    public static byte[] SalesOptIn { get; } = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "sales-optin.json"));

    /// <summary>Checks for a 200 with the received body; returns the delivery id.</summary>
    public static async Task<string> AcceptedIdAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        using var json = JsonDocument.Parse(text);
        return json.RootElement.GetProperty("deliveryId").GetString()!;
    }

    /// <summary>Checks for a 503 with a problem body; returns its type.</summary>
    public static async Task<string> UnavailableTypeAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(text);
        Assert.Equal(503, json.RootElement.GetProperty("status").GetInt32());
        return json.RootElement.GetProperty("type").GetString()!;
    }
}

using System.Net;
using System.Text.Json;

namespace RefAssured.Sdk.AspNetCore.Tests;

/// <summary>Reads answers of the webhook endpoints.</summary>
internal static class HttpAssert
{
    public static async Task<string> AcceptedAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)response.StatusCode}: {body}");
        using var json = JsonDocument.Parse(body);
        Assert.Equal("received", json.RootElement.GetProperty("status").GetString());
        return json.RootElement.GetProperty("deliveryId").GetString()!;
    }

    /// <summary>Checks the status, the problem content type and the problem type; returns the detail.</summary>
    public static async Task<string> ProblemAsync(HttpResponseMessage response, int status, string slug)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True((int)response.StatusCode == status, $"Expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("urn:refassured-sdk:problem:" + slug, json.RootElement.GetProperty("type").GetString());
        Assert.Equal(status, json.RootElement.GetProperty("status").GetInt32());
        return json.RootElement.GetProperty("detail").GetString()!;
    }
}

using System.Text.Json;

namespace RefAssured.Sdk.AspNetCore.Tests;

/// <summary>Reads answers of the webhook endpoints.</summary>
internal static class HttpAssert
{
    /// <summary>Checks for a 200 with the received body; returns the delivery id.</summary>
    public static Task<string> AcceptedAsync(HttpResponseMessage response) => Conformance.ConformanceClient.AcceptedAsync(response);

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

using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Snapshooter;

namespace RefAssured.Sdk.Conformance;

/// <summary>How the conformance suite talks to a host and waits for it: requests, answers as data, and polling with generous limits.</summary>
internal static class ConformanceClient
{
    public static HttpClient Client(IConformanceHost host) => new() { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

    public static Task<HttpResponseMessage> PostAsync(IConformanceHost host, string route, byte[] body, string? key = HostConformanceTests.Key, string contentType = "application/json", bool chunked = false) =>
        PostAsync(host, route, chunked ? new StreamContent(new MemoryStream(body)) : new ByteArrayContent(body), key, contentType, chunked);

    public static async Task<HttpResponseMessage> PostAsync(IConformanceHost host, string route, HttpContent content, string? key = HostConformanceTests.Key, string contentType = "application/json", bool chunked = false)
    {
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{HostConformanceTests.Prefix}/{route}") { Content = content };
        if (chunked)
        {
            request.Headers.TransferEncodingChunked = true;
        }

        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("x-refassured-key", key);
        }

        using var client = Client(host);
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public static async Task<string> AcceptedAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        using var json = JsonDocument.Parse(text);
        Assert.Equal("received", json.RootElement.GetProperty("status").GetString());
        return json.RootElement.GetProperty("deliveryId").GetString()!;
    }

    public static async Task<Dictionary<string, object?>> ViewAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        using var json = JsonDocument.Parse(text);
        return new Dictionary<string, object?>
        {
            ["Status"] = (int)response.StatusCode,
            ["ContentType"] = response.Content.Headers.ContentType?.ToString(),
            ["Allow"] = response.Content.Headers.Allow.Count > 0 ? string.Join(", ", response.Content.Headers.Allow) : null,
            ["Body"] = json.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.ToString()),
        };
    }

    public static async Task<IReadOnlyList<HandledCall>> WaitForHandledAsync(IConformanceHost host, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (host.Handled.Count < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Only {host.Handled.Count} of {count} handler calls happened within 60 s.");
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        return host.Handled;
    }

    public static Task WaitForLogAsync(IConformanceHost host, params string[] texts) =>
        WaitUntilAsync(host, () => host.LogLines.Any(l => texts.All(t => l.Contains(t, StringComparison.Ordinal))));

    public static async Task WaitUntilAsync(IConformanceHost host, Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "What was waited for did not happen; the log so far:\n" + string.Join('\n', host.LogLines));
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }

    // Both hosts compare with one file per case, so they cannot drift apart.
    public static SnapshotFullName SharedSnapshot(string name, [CallerFilePath] string path = "") =>
        new($"HostConformanceTests.{name}.snap", Path.GetDirectoryName(path)!);
}

using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text.Json;
using RefAssured.Sdk.Testing;

namespace RefAssured.Sdk.HttpListener.Tests.Sample;

/// <summary>The sample receiver (samples/HttpListenerReceiver), started as a process, as a user would run it.</summary>
[Trait("Category", "Integration")]
public sealed class HttpListenerReceiverSampleTests
{
    private const string Key = "sample-process-test-key";

    [Fact]
    public async Task Sample_EachVendorEvent_IsHandledAndTheSampleStopsGracefully()
    {
        var prefix = $"http://127.0.0.1:{FreePort()}/webhooks/refassured/";
        await using var sample = Start(prefix, new() { ["REFASSURED_WEBHOOK_KEY"] = Key, ["DOTNET_ENVIRONMENT"] = "Production" });
        await sample.WaitForOutputAsync("Listening on " + prefix);
        using var client = new HttpClient();
        var pdf = RefAssuredPdf.Create(200_000);

        var lead = await PostAsync(client, prefix + "sales-optin", Vendor(RefAssuredEventType.SalesOptIn));
        var candidate = await PostAsync(client, prefix + "candidateoptin", Vendor(RefAssuredEventType.CandidateOptIn));
        var note = await PostAsync(client, prefix + "candidate-notes", Vendor(RefAssuredEventType.CandidateNote));
        var report = await PostAsync(client, prefix + "referencereports", RefAssuredEventJson.ToUtf8Bytes(RefAssuredSamples.ReferenceReport with { ReferenceRequestId = 10001, File = RefAssuredPdf.CreateReportFile(pdf) }));
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(client, prefix + "sales-optin", Vendor(RefAssuredEventType.SalesOptIn), "wrong-key")).StatusCode);

        await sample.WaitForOutputAsync($"New sales lead: Jane Smith (reference request 10001, delivery {lead})");
        await sample.WaitForOutputAsync($"New candidate: Jane Smith (reference request 10001, delivery {candidate})");
        await sample.WaitForOutputAsync($"Candidate note 'RefAssured Sent' for candidate 30001 (reference request 10001, delivery {note})");
        await sample.WaitForOutputAsync("Reference report 10001 saved to ");
        await sample.WaitForOutputAsync($"(delivery {report})");
        var saved = Path.Combine(sample.WorkingDirectory, "reports", "RefAssured_PreHire_Reference_John_Doe_10001.pdf");
        Assert.Equal(pdf, await File.ReadAllBytesAsync(saved, TestContext.Current.CancellationToken));
        Assert.True(Directory.Exists(Path.Combine(sample.WorkingDirectory, "refassured-inbox")), "The sample stores deliveries in the file inbox by default.");

        // SIGTERM, as a service manager stops it: the sample finishes and exits cleanly.
        Assert.Equal(0, await sample.StopAsync());
        Assert.Contains("Stopping: finishing requests", sample.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, sample.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("@example.com", sample.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sample_WithoutKeyOutsideDevelopment_RefusesToStart()
    {
        await using var sample = Start($"http://127.0.0.1:{FreePort()}/x/", new() { ["DOTNET_ENVIRONMENT"] = "Production" });

        Assert.Equal(1, await sample.WaitForExitAsync());
        Assert.Contains("Set REFASSURED_WEBHOOK_KEY", sample.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sample_InDevelopmentWithoutKey_AcceptsThePrintedDevelopmentKey()
    {
        var prefix = $"http://127.0.0.1:{FreePort()}/webhooks/refassured/";
        await using var sample = Start(prefix, new() { ["DOTNET_ENVIRONMENT"] = "Development" });
        await sample.WaitForOutputAsync("Listening on " + prefix);
        using var client = new HttpClient();

        var lead = await PostAsync(client, prefix + "sales-optin", Vendor(RefAssuredEventType.SalesOptIn), "DEVELOPMENT-ONLY-refassured-sample-key");

        Assert.Contains("DEVELOPMENT ONLY: REFASSURED_WEBHOOK_KEY is not set, so this sample accepts x-refassured-key: DEVELOPMENT-ONLY-refassured-sample-key", sample.Output, StringComparison.Ordinal);
        await sample.WaitForOutputAsync($"New sales lead: Jane Smith (reference request 10001, delivery {lead})");
    }

    // The sample writes its inbox and reports into its working directory, a fresh temporary one.
    private static SampleProcess Start(string prefix, Dictionary<string, string?> variables)
    {
        var path = typeof(HttpListenerReceiverSampleTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "SamplePath").Value!;
        return SampleProcess.Start(path, ["--prefix", prefix], variables);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // The vendor's documented body of the event, verbatim.
    private static byte[] Vendor(RefAssuredEventType type) => RefAssuredSamples.GetUtf8Json(type);

    private static async Task<string> PostAsync(HttpClient client, string url, byte[] body, string key = Key)
    {
        using var response = await SendAsync(client, url, body, key);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)response.StatusCode}: {text}");
        using var json = JsonDocument.Parse(text);
        return json.RootElement.GetProperty("deliveryId").GetString()!;
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string url, byte[] body, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Headers.Add("x-refassured-key", key);
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}

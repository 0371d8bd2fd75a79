using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using RefAssured.Sdk.Testing;

namespace RefAssured.Sdk.AspNetCore.Tests.Sample;

public sealed class AspNetCoreReceiverSampleTests
{
    private const string Key = "sample-test-key-5b1e";

    [Fact]
    public async Task Sample_ReceivesOneEventOfEachTypeEndToEnd()
    {
        await using var sample = SampleProcess.Start("Production", new Dictionary<string, string?>
        {
            ["REFASSURED_WEBHOOK_KEY"] = Key,
            ["RefAssured__RequireHttps"] = "false",
        });
        using var client = new HttpClient { BaseAddress = await sample.WaitUntilListeningAsync() };
        var pdf = PdfFactory.Create(64 * 1024, seed: 3);

        await PostAsync(client, "sales-optin", Samples.SalesOptIn);
        await PostAsync(client, "candidateoptin", Samples.Bytes("candidate-optin.json"));
        await PostAsync(client, "candidate-notes", Samples.Bytes("candidate-notes.json"));
        await PostAsync(client, "referencereports", Samples.ReportWith(pdf));

        await sample.WaitForOutputAsync("New sales lead: Jane Smith (reference request 10001");
        await sample.WaitForOutputAsync("New candidate for the talent pipeline: Jane Smith (reference request 10001");
        await sample.WaitForOutputAsync("Candidate note 'RefAssured Sent' for candidate 30001 (Bullhorn 40001");
        await sample.WaitForOutputAsync("RefAssured_PreHire_Reference_John_Doe_10001.pdf (delivery");
        var saved = Path.Combine(sample.WorkingDirectory, "reports", "RefAssured_PreHire_Reference_John_Doe_10001.pdf");
        Assert.Equal(pdf, await File.ReadAllBytesAsync(saved, TestContext.Current.CancellationToken));
        Assert.True(Directory.Exists(Path.Combine(sample.WorkingDirectory, "refassured-inbox")), "The sample stores deliveries in the file inbox by default.");

        using var health = JsonDocument.Parse(await client.GetStringAsync("/health", TestContext.Current.CancellationToken));
        var check = health.RootElement.GetProperty("checks").GetProperty("refassured");
        Assert.Equal("Healthy", health.RootElement.GetProperty("status").GetString());
        Assert.Equal(0, check.GetProperty("data").GetProperty("deadLettered").GetInt32());
        Assert.DoesNotContain("@example.com", sample.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, sample.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sample_OutsideDevelopmentWithoutKey_StopsWithTheValidationMessage()
    {
        await using var sample = SampleProcess.Start("Production", new Dictionary<string, string?>());

        var exitCode = await sample.WaitForExitAsync();

        Assert.NotEqual(0, exitCode);
        Assert.Contains("No RefAssured verification key is configured: set the configuration key 'RefAssured:Key' or the environment variable REFASSURED_WEBHOOK_KEY", sample.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sample_InDevelopmentWithoutKey_AcceptsThePrintedDevelopmentKey()
    {
        await using var sample = SampleProcess.Start("Development", new Dictionary<string, string?>());
        using var client = new HttpClient { BaseAddress = await sample.WaitUntilListeningAsync() };

        await PostAsync(client, "sales-optin", Samples.SalesOptIn, "DEVELOPMENT-ONLY-refassured-sample-key");

        Assert.Contains("DEVELOPMENT ONLY: no RefAssured key is configured, so this sample accepts x-refassured-key: DEVELOPMENT-ONLY-refassured-sample-key", sample.Output, StringComparison.Ordinal);
        await sample.WaitForOutputAsync("New sales lead: Jane Smith");
    }

    [Fact]
    public async Task Sample_WithLoadFloors_AnswersTheDurableFloorOnlyOnceTheBodyIsInItsFile()
    {
        await using var sample = SampleProcess.Start("Production", new Dictionary<string, string?>
        {
            ["REFASSURED_WEBHOOK_KEY"] = Key,
            ["RefAssured__RequireHttps"] = "false",
            ["Sample__LoadFloors"] = "true",
        });
        using var client = new HttpClient { BaseAddress = await sample.WaitUntilListeningAsync() };

        Assert.Equal(HttpStatusCode.OK, await PostFloorAsync(client, "header", Samples.SalesOptIn, Key));
        Assert.Equal(HttpStatusCode.OK, await PostFloorAsync(client, "read", Samples.SalesOptIn, Key));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostFloorAsync(client, "durable", Samples.SalesOptIn, "wrong-key"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, await PostFloorAsync(client, "durable", new byte[(64 * 1024) + 1], Key));
        Assert.Equal(HttpStatusCode.OK, await PostFloorAsync(client, "durable", Samples.SalesOptIn, Key));

        // The first batch is written at the file's start; the rest of the file is still zeros.
        await using var file = new FileStream(Path.Combine(sample.WorkingDirectory, "durable-floor.bin"), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var start = new byte[Samples.SalesOptIn.Length + 1];
        await file.ReadExactlyAsync(start, TestContext.Current.CancellationToken);
        Assert.Equal(Samples.SalesOptIn, start[..^1]);
        Assert.Equal(0, start[^1]);
    }

    private static async Task<HttpStatusCode> PostFloorAsync(HttpClient client, string floor, byte[] body, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/floor/" + floor) { Content = new ByteArrayContent(body) };
        request.Headers.Add("x-refassured-key", key);
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    private static async Task PostAsync(HttpClient client, string route, byte[] body, string key = Key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/refassured/" + route) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("x-refassured-key", key);
        await HttpAssert.AcceptedAsync(await client.SendAsync(request, TestContext.Current.CancellationToken));
    }
}

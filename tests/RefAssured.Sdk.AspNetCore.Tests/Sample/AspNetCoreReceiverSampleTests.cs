using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using RefAssured.Sdk.Testing;

namespace RefAssured.Sdk.AspNetCore.Tests.Sample;

/// <summary>The sample receiver (samples/AspNetCoreReceiver), started as a process, as a user would run it.</summary>
[Trait("Category", "Integration")]
public sealed class AspNetCoreReceiverSampleTests
{
    private const string Key = "sample-test-key-5b1e";
    private const string ReportFileName = "RefAssured_PreHire_Reference_John_Doe_10001.pdf";

    [Fact]
    public async Task Sample_EachVendorEvent_IsHandledAndTheSampleStopsGracefully()
    {
        await using var sample = Start("Production", new() { ["REFASSURED_WEBHOOK_KEY"] = Key, ["RefAssured__RequireHttps"] = "false" });
        using var client = new HttpClient { BaseAddress = await sample.KestrelAddressAsync() };
        var pdf = RefAssuredPdf.Create(64 * 1024, seed: 3);
        var reportWithPdf = RefAssuredEventJson.ToUtf8Bytes(RefAssuredSamples.ReferenceReport with { File = RefAssuredPdf.CreateReportFile(pdf) });

        var lead = await PostAsync(client, "sales-optin", Vendor(RefAssuredEventType.SalesOptIn));
        var candidate = await PostAsync(client, "candidateoptin", Vendor(RefAssuredEventType.CandidateOptIn));
        var note = await PostAsync(client, "candidate-notes", Vendor(RefAssuredEventType.CandidateNote));
        var report = await PostAsync(client, "referencereports", reportWithPdf);
        var redelivered = await PostAsync(client, "referencereports", reportWithPdf);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(client, "sales-optin", Vendor(RefAssuredEventType.SalesOptIn), "wrong-key")).StatusCode);

        await sample.WaitForOutputAsync($"New sales lead: Jane Smith (reference request 10001, delivery {lead})");
        await sample.WaitForOutputAsync($"New candidate for the talent pipeline: Jane Smith (reference request 10001, delivery {candidate})");
        await sample.WaitForOutputAsync($"Candidate note 'RefAssured Sent' for candidate 30001 (Bullhorn 40001, delivery {note})");
        await sample.WaitForOutputAsync($"{ReportFileName} (delivery {report})");
        await sample.WaitForOutputAsync($"{ReportFileName} (delivery {redelivered})");

        // The same report delivered twice is one file with its bytes: saving it again found its bytes already there and wrote nothing.
        var saved = Assert.Single(Directory.GetFiles(Path.Combine(sample.WorkingDirectory, "reports")));
        Assert.Equal(ReportFileName, Path.GetFileName(saved));
        Assert.Equal(pdf, await File.ReadAllBytesAsync(saved, TestContext.Current.CancellationToken));
        Assert.True(Directory.Exists(Path.Combine(sample.WorkingDirectory, "refassured-inbox")), "The sample stores deliveries in the file inbox by default.");
        Assert.Equal("Healthy", await client.GetStringAsync("/health", TestContext.Current.CancellationToken));

        // SIGTERM, as a service manager stops it: the sample finishes and exits cleanly.
        Assert.Equal(0, await sample.StopAsync());
        Assert.Contains("Application is shutting down", sample.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("@example.com", sample.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, sample.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sample_OutsideDevelopmentWithoutKey_StopsWithTheValidationMessage()
    {
        await using var sample = Start("Production", []);

        Assert.NotEqual(0, await sample.WaitForExitAsync());
        Assert.Contains("No RefAssured verification key is configured: set the configuration key 'RefAssured:Key' or the environment variable REFASSURED_WEBHOOK_KEY", sample.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sample_InDevelopmentWithoutKey_AcceptsTheDevelopmentKeyOfItsSettings()
    {
        await using var sample = Start("Development", []);
        using var client = new HttpClient { BaseAddress = await sample.KestrelAddressAsync() };

        var lead = await PostAsync(client, "sales-optin", Vendor(RefAssuredEventType.SalesOptIn), "DEVELOPMENT-ONLY-refassured-sample-key");

        await sample.WaitForOutputAsync($"New sales lead: Jane Smith (reference request 10001, delivery {lead})");
    }

    [Fact]
    public async Task Sample_InDevelopmentWithTheKeyVariable_AcceptsOnlyThatKey()
    {
        await using var sample = Start("Development", new() { ["REFASSURED_WEBHOOK_KEY"] = Key });
        using var client = new HttpClient { BaseAddress = await sample.KestrelAddressAsync() };

        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(client, "sales-optin", Vendor(RefAssuredEventType.SalesOptIn), "DEVELOPMENT-ONLY-refassured-sample-key")).StatusCode);
        await PostAsync(client, "sales-optin", Vendor(RefAssuredEventType.SalesOptIn));
    }

    // Bound to a free port on 127.0.0.1, with the settings files next to the built sample; it works
    // (inbox, reports) in a fresh temporary directory.
    private static SampleProcess Start(string environment, Dictionary<string, string?> variables)
    {
        var assembly = typeof(AspNetCoreReceiverSampleTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "SampleAssembly").Value!;
        variables["ASPNETCORE_ENVIRONMENT"] = environment;
        return SampleProcess.Start(assembly, ["--contentRoot", Path.GetDirectoryName(Path.GetFullPath(assembly))!, "--urls", "http://127.0.0.1:0"], variables);
    }

    // The vendor's documented body of the event, verbatim.
    private static byte[] Vendor(RefAssuredEventType type) => RefAssuredSamples.GetUtf8Json(type);

    private static async Task<string> PostAsync(HttpClient client, string route, byte[] body, string key = Key) =>
        await HttpAssert.AcceptedAsync(await SendAsync(client, route, body, key));

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string route, byte[] body, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/refassured/" + route) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("x-refassured-key", key);
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using RefAssured.Sdk.Testing;

namespace RefAssured.Sdk.AspNetCore.Tests.Consumer;

/// <summary>
/// The apps in tests/Consumer, built from the packages build/pack wrote, as a user builds them: the ASP.NET
/// Core one published with NativeAOT (any trimming or AOT warning fails the publish) and without,
/// the HttpListener one as a plain console app. Each is started as a process and sent the vendor's
/// samples; the figures (size, start to first 200, memory after a 10 MB report) go to the test
/// output and to artifacts/consumer/figures.txt.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ConsumerAppTests
{
    private const string Key = "consumer-test-key-3f9a";

    // The consumer apps' package cache is emptied once per run, so that they restore the packages just packed.
    private static readonly Lazy<string> Packed = new(() =>
    {
        var version = ConsumerBuild.PackedVersion();
        ConsumerBuild.ClearPackageCache();
        return version;
    });

    [Fact]
    public async Task AspNetCoreApp_NativeAotAndJit_ReceiveEveryVendorSampleAndA10MegabyteReport()
    {
        var version = Packed.Value;
        var aot = await ConsumerBuild.PublishAsync("AspNetCoreConsumer", "aspnetcore-aot", version, ["-r", "linux-x64", .. ConsumerBuild.NativeToolchain()]);
        var jit = await ConsumerBuild.PublishAsync("AspNetCoreConsumer", "aspnetcore-jit", version, "-p:PublishAot=false");

        var native = Path.Combine(aot, "AspNetCoreConsumer");
        var aotFigures = await ReceiveEverythingAsync(native, []);
        var jitFigures = await ReceiveEverythingAsync("dotnet", [Path.Combine(jit, "AspNetCoreConsumer.dll")]);

        var figures = string.Join('\n',
            $"RefAssured.Sdk {version}, ASP.NET Core consumer, {Environment.ProcessorCount} cores",
            $"NativeAOT: executable {Megabytes(new FileInfo(native).Length)}; {aotFigures}",
            $"JIT: published folder {Megabytes(Directory.GetFiles(jit, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length))}; {jitFigures}");
        TestContext.Current.SendDiagnosticMessage(figures);
        await File.WriteAllTextAsync(Path.Combine(ConsumerBuild.Output, "figures.txt"), figures + "\n", TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task HttpListenerApp_FromThePackages_ReceivesASalesOptIn()
    {
        var version = Packed.Value;
        var published = await ConsumerBuild.PublishAsync("HttpListenerConsumer", "httplistener", version);
        var port = FreePort();

        await using var app = SampleProcess.Start(Path.Combine(published, "HttpListenerConsumer.dll"), [$"http://127.0.0.1:{port}/webhooks/refassured/"], new Dictionary<string, string?> { ["REFASSURED_WEBHOOK_KEY"] = Key });
        await app.WaitForOutputAsync("Listening on");
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };

        var deliveryId = await PostAsync(client, "sales-optin", Samples.SalesOptIn);

        var effect = await WaitForEffectAsync(app, deliveryId);
        Assert.Equal("SalesOptIn jane.smith@example.com", effect);
    }

    // Starts the app, posts the four vendor samples and a 10 MB report, checks every 200 and every
    // handler's effect, and returns the figures.
    private static async Task<string> ReceiveEverythingAsync(string program, string[] arguments)
    {
        var port = FreePort();
        var started = Stopwatch.StartNew();
        await using var app = SampleProcess.StartProgram(program, arguments, new Dictionary<string, string?>
        {
            ["REFASSURED_WEBHOOK_KEY"] = Key,
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["RefAssured__RequireHttps"] = "false",
        });
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(60) };
        var lead = await FirstAcceptedAsync(client, app);
        var firstAnswer = started.Elapsed;

        var candidate = await PostAsync(client, "candidate-optin", Samples.Bytes("candidate-optin.json"));
        var note = await PostAsync(client, "candidate-notes", Samples.Bytes("candidate-notes.json"));
        var vendorReport = await PostAsync(client, "reference-report", Samples.Bytes("reference-report.json"));
        var pdf = PdfFactory.Create(10_000_000, seed: 7);
        var report = await PostAsync(client, "reference-report", Samples.ReportWith(pdf));

        Assert.Equal("SalesOptIn jane.smith@example.com", await WaitForEffectAsync(app, lead));
        Assert.Equal("CandidateOptIn jane.smith@example.com", await WaitForEffectAsync(app, candidate));
        Assert.Equal("CandidateNote RefAssured Sent", await WaitForEffectAsync(app, note));
        Assert.StartsWith("ReferenceReport unreadable", await WaitForEffectAsync(app, vendorReport), StringComparison.Ordinal);
        var saved = (await WaitForEffectAsync(app, report))["ReferenceReport ".Length..];
        Assert.Equal(pdf, await File.ReadAllBytesAsync(Path.Combine(app.WorkingDirectory, "effects", "reports", saved), TestContext.Current.CancellationToken));

        return string.Create(CultureInfo.InvariantCulture, $"start to first 200 {firstAnswer.TotalMilliseconds:F0} ms; RSS after the 10 MB report {ResidentMegabytes(app.Id)}");
    }

    private static async Task<string> FirstAcceptedAsync(HttpClient client, SampleProcess app)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await PostAsync(client, "sales-optin", Samples.SalesOptIn);
            }
            catch (HttpRequestException) when (waited.Elapsed < TimeSpan.FromMinutes(2))
            {
                // Not listening yet.
                Assert.False(app.Output.Contains("Unhandled exception", StringComparison.Ordinal), app.Output);
                await Task.Delay(10, TestContext.Current.CancellationToken);
            }
        }
    }

    private static async Task<string> PostAsync(HttpClient client, string route, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "webhooks/refassured/" + route) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
        request.Headers.TryAddWithoutValidation("x-refassured-key", Key);
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var answer = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{route}: {(int)response.StatusCode} {answer}");
        return System.Text.Json.JsonDocument.Parse(answer).RootElement.GetProperty("deliveryId").GetString()!;
    }

    private static async Task<string> WaitForEffectAsync(SampleProcess app, string deliveryId)
    {
        var path = Path.Combine(app.WorkingDirectory, "effects", deliveryId + ".txt");
        var waited = Stopwatch.StartNew();
        while (!File.Exists(path))
        {
            Assert.True(waited.Elapsed < TimeSpan.FromMinutes(2), $"No handler recorded delivery {deliveryId} within 2 minutes. The app wrote:\n{app.Output}");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        // The handler writes the file in one call; wait for that call to have written its text.
        string text;
        while ((text = await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken)).Length == 0)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        return text;
    }

    private static string ResidentMegabytes(int processId)
    {
        var line = File.ReadLines($"/proc/{processId}/status").Single(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        var kilobytes = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return Megabytes(kilobytes * 1024);
    }

    private static string Megabytes(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024.0):F1} MiB");

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

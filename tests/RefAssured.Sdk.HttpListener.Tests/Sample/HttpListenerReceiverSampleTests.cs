using System.Diagnostics;
using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using RefAssured.Sdk.Testing;

namespace RefAssured.Sdk.HttpListener.Tests.Sample;

/// <summary>The sample receiver, started as a process, receives one event of each type end to end.</summary>
public sealed class HttpListenerReceiverSampleTests : IDisposable
{
    private const string Key = "sample-process-test-key";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "refassured-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Sample_ReceivesEveryEventTypeAndStopsGracefully()
    {
        var prefix = $"http://127.0.0.1:{RefAssuredHttpListenerHostTests.FreePort()}/webhooks/refassured/";
        var reports = Path.Combine(_directory, "reports");
        var output = new StringBuilder();
        using var process = Start(prefix, reports, output);
        try
        {
            await WaitForAsync(output, "Listening on");
            var pdf = PdfFactory.Create(200_000);
            using var client = new HttpClient();
            var ids = new List<string>();
            foreach (var (route, body) in new[]
            {
                ("sales-optin", Fixture("sales-optin")),
                ("candidateoptin", Fixture("candidate-optin")),
                ("candidate-notes", Fixture("candidate-notes")),
                ("referencereports", PdfFactory.ReportBody(pdf)),
            })
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, prefix + route) { Content = new ByteArrayContent(body) };
                request.Headers.Add("x-refassured-key", Key);
                var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
                ids.Add(json.RootElement.GetProperty("deliveryId").GetString()!);
            }

            await WaitForAsync(output, "Reference report 10001 saved");
            var text = Text(output);
            Assert.Contains($"New sales lead: Jane Smith (reference request 10001, delivery {ids[0]})", text, StringComparison.Ordinal);
            Assert.Contains($"New candidate: Jane Smith (reference request 10001, delivery {ids[1]})", text, StringComparison.Ordinal);
            Assert.Contains($"Candidate note 'RefAssured Sent' for candidate 30001 (reference request 10001, delivery {ids[2]})", text, StringComparison.Ordinal);
            Assert.Equal(pdf, await File.ReadAllBytesAsync(Path.Combine(reports, "RefAssured_PreHire_Reference_John_Doe_10001.pdf"), TestContext.Current.CancellationToken));
            Assert.DoesNotContain(Key, text, StringComparison.Ordinal);
            Assert.DoesNotContain("@example.com", text, StringComparison.Ordinal);

            // SIGTERM, as a service manager stops it: the sample finishes and exits cleanly.
            Assert.Equal(0, Kill(process.Id, "TERM"));
            await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
            Assert.Equal(0, process.ExitCode);
            Assert.Contains("Stopping: finishing requests", Text(output), StringComparison.Ordinal);

            // The journal that makes the logging handlers idempotent names each of their deliveries
            // once; the report handler is idempotent by overwriting its file with the same bytes.
            var journal = await File.ReadAllLinesAsync(Path.Combine(_directory, "inbox", "handled", "handled.log"), TestContext.Current.CancellationToken);
            Assert.Equal(ids.Take(3).Order(), journal.Select(line => line.Split(' ')[1]).Order());
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    [Fact]
    public async Task Sample_WithoutKeyOutsideDevelopment_RefusesToStart()
    {
        var output = new StringBuilder();
        using var process = Start($"http://127.0.0.1:{RefAssuredHttpListenerHostTests.FreePort()}/x/", Path.Combine(_directory, "r"), output, key: null);

        await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(1, process.ExitCode);
        Assert.Contains("Set REFASSURED_WEBHOOK_KEY", Text(output), StringComparison.Ordinal);
    }

    private Process Start(string prefix, string reports, StringBuilder output, string? key = Key)
    {
        var path = typeof(HttpListenerReceiverSampleTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "SamplePath").Value!;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Directory.CreateDirectory(_directory).FullName };
        foreach (var argument in new[] { path, "--prefix", prefix, "--reports", reports, "--inbox", Path.Combine(_directory, "inbox") })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        if (key is null)
        {
            start.Environment.Remove("REFASSURED_WEBHOOK_KEY");
        }
        else
        {
            start.Environment["REFASSURED_WEBHOOK_KEY"] = key;
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", name + ".json"));

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static async Task WaitForAsync(StringBuilder output, string text)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!Text(output).Contains(text, StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, $"'{text}' did not appear within 30 s. Output:\n{Text(output)}");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    private static int Kill(int processId, string signal)
    {
        using var kill = Process.Start("kill", $"-{signal} {processId}");
        kill.WaitForExit();
        return kill.ExitCode;
    }
}

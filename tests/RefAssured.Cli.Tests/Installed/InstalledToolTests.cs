using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text.Json;
using RefAssured.Sdk.Testing;

namespace RefAssured.Cli.Tests.Installed;

/// <summary>
/// The tool installed from its package with <c>dotnet tool install</c>, driven against the two sample
/// receivers started as processes, as a user tries a receiver before pointing RefAssured at it.
/// </summary>
[Trait("Category", "Integration")]
public sealed class InstalledToolTests
{
    private const string Key = "installed-tool-test-key-81c4";

    [Fact]
    public async Task InstalledTool_AgainstTheAspNetCoreSample_SendsEachEventToItsHandlersAndPassesTheCheck()
    {
        await using var sample = SampleProcess.Start(
            Sample("AspNetCoreSample"),
            ["--contentRoot", Path.GetDirectoryName(Sample("AspNetCoreSample"))!, "--urls", "http://127.0.0.1:0"],
            new Dictionary<string, string?> { ["REFASSURED_WEBHOOK_KEY"] = Key, ["ASPNETCORE_ENVIRONMENT"] = "Production", ["RefAssured__RequireHttps"] = "false" });
        var url = new Uri(await sample.KestrelAddressAsync(), "webhooks/refassured").ToString();

        await SendEachEventAsync(sample, url);
        await PassesTheCheckAsync(url);
        await LoadCheckAsync(url);
        await DeadLetterIsListedShownAndReplayedAsync(sample, url);
    }

    [Fact]
    public async Task InstalledTool_AgainstTheHttpListenerSample_SendsEachEventToItsHandlersAndPassesTheCheck()
    {
        var prefix = $"http://127.0.0.1:{FreePort()}/webhooks/refassured/";
        await using var sample = SampleProcess.Start(Sample("HttpListenerSample"), ["--prefix", prefix], new Dictionary<string, string?> { ["REFASSURED_WEBHOOK_KEY"] = Key, ["DOTNET_ENVIRONMENT"] = "Production" });
        await sample.WaitForOutputAsync("Listening on " + prefix);

        await SendEachEventAsync(sample, prefix);
        await PassesTheCheckAsync(prefix);
    }

    [Fact]
    public async Task InstalledTool_Help_ListsItsCommandsAndAMistypedOptionExits2()
    {
        var help = await InstalledTool.RunAsync("--help");
        var mistyped = await InstalledTool.RunAsync("send", "sales-optin", "--ur", "http://127.0.0.1:1/");

        Assert.Equal(0, help.ExitCode);
        Assert.Contains("send", help.Output, StringComparison.Ordinal);
        Assert.Contains("check", help.Output, StringComparison.Ordinal);
        Assert.Contains("inbox", help.Output, StringComparison.Ordinal);
        Assert.Equal(2, mistyped.ExitCode);
        Assert.Contains("--ur", mistyped.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", mistyped.Error, StringComparison.Ordinal);
    }

    // Each event's sample gets its 200, and the sample's handler logs the delivery id the answer named.
    private static async Task SendEachEventAsync(SampleProcess sample, string url)
    {
        foreach (var type in RefAssuredEventTypes.All)
        {
            var run = await InstalledTool.RunAsync("send", RefAssuredEventTypes.GetRouteName(type), "--url", url, "--key", Key, "--json");

            Assert.True(run.ExitCode == 0, $"send {type} exited with {run.ExitCode}:\n{run.Output}\n{run.Error}");
            using var result = JsonDocument.Parse(run.Output);
            Assert.Equal(200, result.RootElement.GetProperty("status").GetInt32());
            using var answer = JsonDocument.Parse(result.RootElement.GetProperty("answer").GetString()!);
            await sample.WaitForOutputAsync($"delivery {answer.RootElement.GetProperty("deliveryId").GetString()})");
        }

        var wrongKey = await InstalledTool.RunAsync("send", "sales-optin", "--url", url, "--key", "not-" + Key);
        Assert.Equal(1, wrongKey.ExitCode);
        Assert.Contains("401", wrongKey.Output, StringComparison.Ordinal);
        Assert.Contains("Likely cause:", wrongKey.Output, StringComparison.Ordinal);
    }

    private static async Task PassesTheCheckAsync(string url)
    {
        var check = await InstalledTool.RunAsync("check", url, "--key", Key);

        Assert.True(check.ExitCode == 0, $"check exited with {check.ExitCode}:\n{check.Output}\n{check.Error}");
        Assert.Contains("7 passed, 0 failed, 1 skipped", check.Output, StringComparison.Ordinal);
    }

    private static async Task LoadCheckAsync(string url)
    {
        var load = await InstalledTool.RunAsync("send", "candidate-notes", "--url", url, "--key", Key, "--count", "40", "--concurrency", "4", "--json");

        Assert.True(load.ExitCode == 0, $"the load check exited with {load.ExitCode}:\n{load.Output}\n{load.Error}");
        using var summary = JsonDocument.Parse(load.Output);
        Assert.Equal(40, summary.RootElement.GetProperty("statuses").GetProperty("200").GetInt32());
    }

    // The vendor's documented report, whose base64 is cut off, is dead-lettered by the sample's report
    // handler; the tool refuses the inbox while the sample holds it, then lists, shows and replays it.
    private static async Task DeadLetterIsListedShownAndReplayedAsync(SampleProcess sample, string url)
    {
        var documented = Path.Combine(AppContext.BaseDirectory, "Fixtures", "reference-report.json");
        var sent = await InstalledTool.RunAsync("send", "reference-report", "--url", url, "--key", Key, "--file", documented, "--json");
        Assert.True(sent.ExitCode == 0, $"send --file exited with {sent.ExitCode}:\n{sent.Output}\n{sent.Error}");
        using var result = JsonDocument.Parse(sent.Output);
        using var answer = JsonDocument.Parse(result.RootElement.GetProperty("answer").GetString()!);
        var id = answer.RootElement.GetProperty("deliveryId").GetString()!;
        await sample.WaitForOutputAsync($"delivery {id} was dead-lettered");
        var inbox = Path.Combine(sample.WorkingDirectory, "refassured-inbox");

        var whileRunning = await InstalledTool.RunAsync("inbox", "list", "--dir", inbox);
        Assert.Equal(1, whileRunning.ExitCode);
        Assert.Contains("in use by a running application", whileRunning.Error, StringComparison.Ordinal);

        Assert.Equal(0, await sample.StopAsync());
        var list = await InstalledTool.RunAsync("inbox", "list", "--dir", inbox, "--json");
        Assert.True(list.ExitCode == 0, $"inbox list exited with {list.ExitCode}:\n{list.Output}\n{list.Error}");
        using (var listed = JsonDocument.Parse(list.Output))
        {
            var deadLetter = Assert.Single(listed.RootElement.GetProperty("deadLetters").EnumerateArray());
            Assert.Equal(id, deadLetter.GetProperty("id").GetString());
            Assert.Contains("ReportContentException", deadLetter.GetProperty("cause").GetString(), StringComparison.Ordinal);
        }

        var show = await InstalledTool.RunAsync("inbox", "show", id, "--dir", inbox);
        Assert.Equal(0, show.ExitCode);
        Assert.Contains("--include-body", show.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("@example.com", show.Output, StringComparison.Ordinal);

        var unconfirmedPurge = await InstalledTool.RunAsync("inbox", "purge", id, "--dir", inbox);
        Assert.Equal(2, unconfirmedPurge.ExitCode);
        Assert.Contains("--yes", unconfirmedPurge.Error, StringComparison.Ordinal);

        var replay = await InstalledTool.RunAsync("inbox", "replay", id, "--dir", inbox);
        Assert.Equal(0, replay.ExitCode);
        var stats = await InstalledTool.RunAsync("inbox", "stats", "--dir", inbox, "--json");
        using var statistics = JsonDocument.Parse(stats.Output);
        Assert.Equal(0, statistics.RootElement.GetProperty("deadLettered").GetInt32());
        Assert.Equal(1, statistics.RootElement.GetProperty("pending").GetInt32());
    }

    private static string Sample(string name) =>
        typeof(InstalledToolTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == name).Value!;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

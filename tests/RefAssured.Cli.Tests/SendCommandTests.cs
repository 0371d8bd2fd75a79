using System.Text.Json;

namespace RefAssured.Cli.Tests;

[Trait("Category", "Integration")]
public sealed class SendCommandTests
{
    [Theory]
    [InlineData("sales-optin", RefAssuredEventType.SalesOptIn)]
    [InlineData("candidate-optin", RefAssuredEventType.CandidateOptIn)]
    [InlineData("candidate-notes", RefAssuredEventType.CandidateNote)]
    [InlineData("reference-report", RefAssuredEventType.ReferenceReport)]
    public async Task Send_EachEventSample_Gets200AndTheHandlerSeesIt(string eventName, RefAssuredEventType type)
    {
        await using var receiver = await Receiver.StartAsync();

        var run = await ToolRun.RunAsync("send", eventName, "--url", receiver.BaseUrl, "--key", Receiver.Key);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"POST {receiver.BaseUrl}/{eventName}", run.Output, StringComparison.Ordinal);
        Assert.Contains("200 in ", run.Output, StringComparison.Ordinal);
        Assert.Equal(1, await receiver.WaitForAsync(type, 1));
    }

    [Fact]
    public async Task Send_UrlEndingInAnEventSegment_PostsToThatUrlAsItIs()
    {
        await using var receiver = await Receiver.StartAsync();

        var run = await ToolRun.RunAsync("send", "candidate-optin", "--url", receiver.BaseUrl + "/candidateoptin", "--key", Receiver.Key);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"POST {receiver.BaseUrl}/candidateoptin ", run.Output, StringComparison.Ordinal);
        Assert.Equal(1, await receiver.WaitForAsync(RefAssuredEventType.CandidateOptIn, 1));
    }

    [Fact]
    public async Task Send_ReportWithGeneratedPdf_Gets200AndCarriesAPdfOfThatSize()
    {
        await using var receiver = await Receiver.StartAsync();

        var run = await ToolRun.RunAsync("send", "reference-report", "--url", receiver.BaseUrl, "--key", Receiver.Key, "--report-size", "2MB", "--json");

        Assert.Equal(0, run.ExitCode);
        using var document = JsonDocument.Parse(run.Output);
        // 2 MB of PDF is about 2.67 MB once in base64, and up to 8% more where JSON escapes its '+' characters.
        Assert.InRange(document.RootElement.GetProperty("bytes").GetInt64(), 2_600_000, 2_900_000);
        Assert.Equal(1, await receiver.WaitForAsync(RefAssuredEventType.ReferenceReport, 1));
    }

    [Fact]
    public async Task Send_OwnFile_PostsItsContent()
    {
        await using var receiver = await Receiver.StartAsync();
        var file = Path.Combine(Path.GetTempPath(), $"refassured-cli-{Guid.NewGuid():N}.json");
        await File.WriteAllBytesAsync(file, Samples.Get(RefAssuredEventType.CandidateNote), TestContext.Current.CancellationToken);
        try
        {
            var run = await ToolRun.RunAsync("send", "candidate-notes", "--url", receiver.BaseUrl, "--key", Receiver.Key, "--file", file);

            Assert.Equal(0, run.ExitCode);
            Assert.Equal(1, await receiver.WaitForAsync(RefAssuredEventType.CandidateNote, 1));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Send_WrongKey_Exits1AndPrints401WithTheCause()
    {
        await using var receiver = await Receiver.StartAsync();

        var run = await ToolRun.RunAsync("send", "sales-optin", "--url", receiver.BaseUrl, "--key", "not-the-key");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("401 in ", run.Output, StringComparison.Ordinal);
        Assert.Contains("Likely cause: Verification failing", run.Output, StringComparison.Ordinal);
        Assert.Equal(0, receiver.Seen(RefAssuredEventType.SalesOptIn));
    }

    [Fact]
    public async Task Send_Count50Concurrency4_SummaryCounts50Times200()
    {
        await using var receiver = await Receiver.StartAsync();

        var run = await ToolRun.RunAsync("send", "sales-optin", "--url", receiver.BaseUrl, "--key", Receiver.Key, "--count", "50", "--concurrency", "4");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("50 requests in ", run.Output, StringComparison.Ordinal);
        Assert.Contains("status: 200 x 50", run.Output, StringComparison.Ordinal);
        Assert.Matches(@"latency ms: p50 \d+\.\d  p99 \d+\.\d  max \d+\.\d", run.Output);
        Assert.Contains("50/50", run.Error, StringComparison.Ordinal);
        Assert.Equal(50, await receiver.WaitForAsync(RefAssuredEventType.SalesOptIn, 50));
    }

    [Fact]
    public async Task Send_CountWithJson_PrintsParseableSummary()
    {
        await using var receiver = await Receiver.StartAsync();

        var run = await ToolRun.RunAsync("send", "candidate-optin", "--url", receiver.BaseUrl, "--key", Receiver.Key, "--count", "10", "--concurrency", "2", "--json");

        Assert.Equal(0, run.ExitCode);
        using var document = JsonDocument.Parse(run.Output);
        Assert.Equal(10, document.RootElement.GetProperty("count").GetInt32());
        Assert.Equal(10, document.RootElement.GetProperty("statuses").GetProperty("200").GetInt32());
        var latency = document.RootElement.GetProperty("latencyMs");
        Assert.True(latency.GetProperty("p50").GetDouble() <= latency.GetProperty("max").GetDouble());
    }

    [Fact]
    public async Task Send_NothingListening_Exits1WithOneLine()
    {
        string url;
        await using (var receiver = await Receiver.StartAsync())
        {
            url = receiver.BaseUrl;
        }

        var run = await ToolRun.RunAsync("send", "sales-optin", "--url", url, "--key", Receiver.Key);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Connection refused", run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}

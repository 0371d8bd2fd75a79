namespace RefAssured.Cli.Tests;

/// <summary>A load run whose requests get no answer: the summary's likely cause is the advice for a transport error.</summary>
public sealed class LoadRunAdviceTests
{
    [Fact]
    public async Task Send_CountWithNothingListening_Exits1WithTheTransportErrorAndItsAdvice()
    {
        string url;
        await using (var receiver = await Receiver.StartAsync())
        {
            url = receiver.BaseUrl;
        }

        var run = await ToolRun.RunAsync("send", "sales-optin", "--url", url, "--key", Receiver.Key, "--count", "2");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Likely cause: Connection refused", run.Output, StringComparison.Ordinal);
        Assert.Contains("Not receiving events: check that the URL is correct and reachable", run.Output, StringComparison.Ordinal);
    }
}

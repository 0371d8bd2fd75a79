using System.Text.Json;

namespace RefAssured.Cli.Tests;

[Trait("Category", "Integration")]
public sealed class CheckCommandTests
{
    [Fact]
    public async Task Check_CorrectReceiver_Exits0WithEveryCheckPassedAndPlainHttpSkipped()
    {
        await using var receiver = await Receiver.StartAsync();

        var run = await ToolRun.RunAsync("check", receiver.BaseUrl, "--key", Receiver.Key);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("7 passed, 0 failed, 1 skipped", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("FAIL", run.Output, StringComparison.Ordinal);
        Assert.Contains("skip  plain HTTP refused", run.Output, StringComparison.Ordinal);
        Assert.Contains("pass  body over 40 MiB gets 413", run.Output, StringComparison.Ordinal);
        Assert.Equal(1, await receiver.WaitForAsync(RefAssuredEventType.ReferenceReport, 1));
    }

    [Fact]
    public async Task Check_WrongKey_Exits1AndNamesTheFix()
    {
        await using var receiver = await Receiver.StartAsync();

        var run = await ToolRun.RunAsync("check", receiver.BaseUrl, "--key", "not-the-key");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("FAIL  sales-optin sample gets 200 within 5 s", run.Output, StringComparison.Ordinal);
        Assert.Contains("cause and fix: Verification failing: the key must match exactly", run.Output, StringComparison.Ordinal);
        // The four samples and the oversize body are all refused with 401 before anything else is looked at.
        Assert.Contains("2 passed, 5 failed, 1 skipped", run.Output, StringComparison.Ordinal);
        Assert.Contains("The key was refused before the size was looked at", run.Output, StringComparison.Ordinal);
        // The four samples' failures share one cause, written out once.
        Assert.Equal(1, System.Text.RegularExpressions.Regex.Count(run.Output, "Verification failing"));
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Count(run.Output, "cause and fix: as above[.]"));
    }

    [Fact]
    public async Task Check_Json_ParsesAndListsEveryCheck()
    {
        await using var receiver = await Receiver.StartAsync();

        var run = await ToolRun.RunAsync("check", receiver.BaseUrl, "--key", Receiver.Key, "--json");

        Assert.Equal(0, run.ExitCode);
        using var document = JsonDocument.Parse(run.Output);
        Assert.True(document.RootElement.GetProperty("passed").GetBoolean());
        var outcomes = document.RootElement.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("outcome").GetString()).ToList();
        Assert.Equal(8, outcomes.Count);
        Assert.Equal(7, outcomes.Count(o => o == "passed"));
    }
}

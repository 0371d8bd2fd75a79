using System.Text.Json;

namespace RefAssured.Cli.Tests;

/// <summary>The --json output is for a terminal or a script: apostrophes are written as they are, not as \u escapes.</summary>
[Trait("Category", "Integration")]
public sealed class JsonEncodingTests
{
    [Fact]
    public async Task SendJson_RefusedKey_WritesTheCauseWithPlainApostrophes()
    {
        await using var receiver = await Receiver.StartAsync();

        var run = await ToolRun.RunAsync("send", "sales-optin", "--url", receiver.BaseUrl, "--key", "not-the-key", "--json");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("application's", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u0027", run.Output, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(run.Output);
        Assert.Contains("application's", document.RootElement.GetProperty("cause").GetString(), StringComparison.Ordinal);
    }
}

namespace RefAssured.Cli.Tests;

public sealed class UsageTests
{
    [Theory]
    [InlineData("Unknown event 'lead'", "send", "lead", "--url", "http://127.0.0.1:9/hooks", "--key", "k")]
    [InlineData("Invalid URL 'not-a-url'", "send", "sales-optin", "--url", "not-a-url", "--key", "k")]
    [InlineData("Invalid URL 'ftp://example.com/'", "check", "ftp://example.com/", "--key", "k")]
    [InlineData("Cannot read '/nonexistent/payload.json'", "send", "sales-optin", "--url", "http://127.0.0.1:9/hooks", "--key", "k", "--file", "/nonexistent/payload.json")]
    [InlineData("Invalid size 'huge'", "send", "reference-report", "--url", "http://127.0.0.1:9/hooks", "--key", "k", "--report-size", "huge")]
    [InlineData("--report-size applies to reference-report only", "send", "sales-optin", "--url", "http://127.0.0.1:9/hooks", "--key", "k", "--report-size", "1MB")]
    [InlineData("--count must be a positive number", "send", "sales-optin", "--url", "http://127.0.0.1:9/hooks", "--key", "k", "--count", "0")]
    [InlineData("Option '--key' is required", "send", "sales-optin", "--url", "http://127.0.0.1:9/hooks")]
    [InlineData("Option '--key' is required", "check", "http://127.0.0.1:9/hooks")]
    [InlineData("Unrecognized command or argument 'bogus'", "bogus")]
    [InlineData("Give exactly one of --dir (a file inbox) and --postgres", "inbox", "stats")]
    [InlineData("Give exactly one of --dir (a file inbox) and --postgres", "inbox", "list", "--dir", "x", "--postgres", "Host=localhost")]
    [InlineData("--schema applies to --postgres only", "inbox", "stats", "--dir", "x", "--schema", "s")]
    [InlineData("Schema must be lower-case letters", "inbox", "stats", "--postgres", "Host=localhost", "--schema", "Bad-Name")]
    [InlineData("Give the ids of the dead letters, or --all", "inbox", "replay", "--dir", "x")]
    [InlineData("Give the ids of the dead letters, or --all", "inbox", "purge", "id1", "--all", "--yes", "--dir", "x")]
    [InlineData("--limit must be a positive number", "inbox", "list", "--dir", "x", "--limit", "0")]
    [InlineData("Required argument 'id' missing for command: 'show'", "inbox", "show", "--dir", "x")]
    public async Task UsageError_Exits2WithAMessageAndNoStackTrace(string message, params string[] args)
    {
        var run = await ToolRun.RunAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_ListsSendAndCheck()
    {
        var run = await ToolRun.RunAsync("--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("send <candidate-notes|candidate-optin|reference-report|sales-optin>", run.Output, StringComparison.Ordinal);
        Assert.Contains("check <url>", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("refassured send ", new[] { "sales-optin", "candidate-optin", "candidate-notes", "reference-report", "--url" })]
    [InlineData("refassured inbox p", new[] { "purge", "--postgres" })]
    public async Task SuggestDirective_CompletesCommandsEventsAndOptions(string line, string[] expected)
    {
        var run = await ToolRun.RunAsync($"[suggest:{line.Length}]", line);

        Assert.Equal(0, run.ExitCode);
        var suggestions = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.All(expected, e => Assert.Contains(e, suggestions));
        Assert.DoesNotContain("stats", suggestions);
    }
}

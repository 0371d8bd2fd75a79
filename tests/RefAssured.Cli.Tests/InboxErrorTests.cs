namespace RefAssured.Cli.Tests;

/// <summary>An inbox the tool cannot open: the error names its cause, not only that it failed.</summary>
public sealed class InboxErrorTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("refassured-cli-error-").FullName;

    [Fact]
    public async Task Stats_FileInboxThatCannotBeOpened_Exits1NamingThePathAndTheSystemText()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "segments"));
        var audit = Path.Combine(_directory, "audit");
        await File.WriteAllTextAsync(audit, "a file where the audit trail's directory belongs", TestContext.Current.CancellationToken);

        var run = await ToolRun.RunAsync("inbox", "stats", "--dir", _directory);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("cannot be opened", run.Error, StringComparison.Ordinal);
        Assert.Contains(audit, run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}

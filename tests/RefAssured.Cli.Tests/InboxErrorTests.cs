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

    [Fact]
    public async Task Stats_FileInboxWhoseLockFileNoOneHolds_OpensIt()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using (var application = new FileRefAssuredInbox(new FileRefAssuredInboxOptions { Directory = _directory }))
        {
            await application.OpenAsync(cancellationToken);
        }

        Assert.True(File.Exists(Path.Combine(_directory, "inbox.lock")));

        var run = await ToolRun.RunAsync("inbox", "stats", "--dir", _directory);

        Assert.Equal(0, run.ExitCode);
        Assert.Empty(run.Error);
    }

    [Fact]
    public async Task Stats_FileInboxOpenInThisProcess_Exits1SayingItIsInUse()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var application = new FileRefAssuredInbox(new FileRefAssuredInboxOptions { Directory = _directory });
        await application.OpenAsync(cancellationToken);

        var run = await ToolRun.RunAsync("inbox", "stats", "--dir", _directory);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("is in use by a running application", run.Error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}

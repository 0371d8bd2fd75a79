namespace RefAssured.Cli.Tests;

/// <summary>The inbox commands' usage errors, and their refusal to create an inbox where there is none.</summary>
public sealed class InboxUsageTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "refassured-cli-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Theory]
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
    }

    [Fact]
    public async Task Stats_DirectoryThatDoesNotExist_Exits1AndCreatesNothing()
    {
        var run = await ToolRun.RunAsync("inbox", "stats", "--dir", _directory);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"No inbox at '{Path.GetFullPath(_directory)}': the directory does not exist.", run.Error.Trim());
        Assert.False(Directory.Exists(_directory));
    }

    [Fact]
    public async Task Replay_DirectoryWithoutAnInbox_Exits1AndLeavesItEmpty()
    {
        Directory.CreateDirectory(_directory);

        var run = await ToolRun.RunAsync("inbox", "replay", "--all", "--dir", _directory);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("holds no file inbox", run.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_directory));
    }

    [Fact]
    public async Task Stats_BadConnectionString_Exits2InOneLine()
    {
        var run = await ToolRun.RunAsync("inbox", "stats", "--postgres", "Hots=localhost");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("Invalid --postgres connection string:", run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Stats_UnreachableDatabase_Exits1InOneLineWithoutTheConnectionString()
    {
        var run = await ToolRun.RunAsync("inbox", "stats", "--postgres", "Host=127.0.0.1;Port=9;Password=secret-word;Timeout=5");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("The PostgreSQL inbox cannot open its schema: the database cannot be reached. ", run.Error, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:9", run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.Trim().Split('\n'));
        Assert.DoesNotContain("secret-word", run.Error, StringComparison.Ordinal);
    }
}

namespace RefAssured.Cli.Tests;

/// <summary>The inbox commands where there is no inbox: a directory without one is left as it is, a bad or unreachable database named in one line.</summary>
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

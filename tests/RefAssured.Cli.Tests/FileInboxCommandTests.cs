using System.Text.Json;

namespace RefAssured.Cli.Tests;

/// <summary>The inbox commands on a file inbox filled through the inbox's own API, with no application holding it.</summary>
public sealed class FileInboxCommandTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "refassured-cli-tests", Guid.NewGuid().ToString("N"));
    private IReadOnlyList<string> _deadLetters = [];

    public async ValueTask InitializeAsync()
    {
        await using var inbox = NewInbox();
        _deadLetters = await InboxFilling.FillAsync(inbox, deadLetters: 3, pending: 2);
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Stats_Json_CountsPendingAndDeadLetters()
    {
        var run = await ToolRun.RunAsync("inbox", "stats", "--dir", _directory, "--json");

        Assert.Equal(0, run.ExitCode);
        var root = JsonDocument.Parse(run.Output).RootElement;
        Assert.Equal(("file", Path.GetFullPath(_directory)), (root.GetProperty("kind").GetString(), root.GetProperty("directory").GetString()));
        Assert.Equal((2, 0, 0, 3, 2), (root.GetProperty("pending").GetInt32(), root.GetProperty("inFlight").GetInt32(), root.GetProperty("retryScheduled").GetInt32(), root.GetProperty("deadLettered").GetInt32(), root.GetProperty("depth").GetInt32()));
        Assert.Equal(JsonValueKind.String, root.GetProperty("oldestWaitingReceivedAt").ValueKind);
    }

    [Fact]
    public async Task List_Json_GivesEachDeadLetterWithItsCauseAndAttempts()
    {
        var run = await ToolRun.RunAsync("inbox", "list", "--dir", _directory, "--json");

        Assert.Equal(0, run.ExitCode);
        var root = JsonDocument.Parse(run.Output).RootElement;
        var letters = root.GetProperty("deadLetters").EnumerateArray().ToList();
        Assert.Equal(3, root.GetProperty("total").GetInt32());
        Assert.Equal(_deadLetters, letters.Select(l => l.GetProperty("id").GetString()));
        Assert.All(letters, l => Assert.Equal((InboxFilling.Cause, 2), (l.GetProperty("cause").GetString(), l.GetProperty("attempts").GetInt32())));
        Assert.Equal(["sales-optin", "candidate-notes", "sales-optin"], letters.Select(l => l.GetProperty("event").GetString()));
    }

    [Fact]
    public async Task List_TextWithLimit_PrintsATableOfTheOldest()
    {
        var run = await ToolRun.RunAsync("inbox", "list", "--dir", _directory, "--limit", "2");

        Assert.Equal(0, run.ExitCode);
        var lines = run.Output.TrimEnd().Split('\n');
        Assert.StartsWith("ID", lines[0], StringComparison.Ordinal);
        Assert.Contains(_deadLetters[0], lines[1], StringComparison.Ordinal);
        Assert.Contains(InboxFilling.Cause, lines[1], StringComparison.Ordinal);
        Assert.DoesNotContain(_deadLetters[2], run.Output, StringComparison.Ordinal);
        Assert.Equal("2 of 3 dead letters shown.", lines[^1]);
    }

    [Fact]
    public async Task Show_WithoutTheFlag_GivesMetadataAndNoBody()
    {
        var run = await ToolRun.RunAsync("inbox", "show", _deadLetters[1], "--dir", _directory);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("event              candidate-notes", run.Output, StringComparison.Ordinal);
        Assert.Contains("route values       tenant=acme", run.Output, StringComparison.Ordinal);
        Assert.Contains("add --include-body to print it", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("jane@example.com", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_IncludeBodyJson_GivesTheBody()
    {
        var run = await ToolRun.RunAsync("inbox", "show", _deadLetters[1], "--dir", _directory, "--include-body", "--json");

        Assert.Equal(0, run.ExitCode);
        var root = JsonDocument.Parse(run.Output).RootElement;
        Assert.Equal(_deadLetters[1], root.GetProperty("id").GetString());
        Assert.Contains("jane@example.com", root.GetProperty("body").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_TwoIds_ReplaysThemWithAFreshAttempt()
    {
        var run = await ToolRun.RunAsync("inbox", "replay", _deadLetters[0], _deadLetters[2], "--dir", _directory, "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(2, JsonDocument.Parse(run.Output).RootElement.GetProperty("replayed").GetInt32());
        await using var inbox = NewInbox();
        var statistics = await inbox.GetStatisticsAsync(TestContext.Current.CancellationToken);
        Assert.Equal((4, 1), (statistics.Pending, statistics.DeadLettered));
        Assert.Equal(_deadLetters[1], Assert.Single(await inbox.ListDeadLettersAsync(TestContext.Current.CancellationToken)).Delivery.DeliveryId);
    }

    [Fact]
    public async Task Replay_UnknownId_Exits1AndReplaysNothing()
    {
        var run = await ToolRun.RunAsync("inbox", "replay", _deadLetters[0], "01JDNOSUCHDELIVERY", "--dir", _directory);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("No dead letter has the id '01JDNOSUCHDELIVERY'; nothing was done (run 'refassured inbox list' for the ids).", run.Error.Trim());
        Assert.Equal(3, await DeadLetterCountAsync());
    }

    [Fact]
    public async Task Replay_All_ReplaysEveryDeadLetter()
    {
        var run = await ToolRun.RunAsync("inbox", "replay", "--all", "--dir", _directory);

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("Replayed 3 dead letters; the application handles them when it next opens the inbox.", run.Output, StringComparison.Ordinal);
        Assert.Equal(0, await DeadLetterCountAsync());
    }

    [Fact]
    public async Task Purge_Yes_PurgesWithoutAsking()
    {
        var run = await ToolRun.RunAsync("inbox", "purge", _deadLetters[1], "--yes", "--dir", _directory);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("Purged 1 dead letter.", run.Output.Trim());
        Assert.Equal(2, await DeadLetterCountAsync());
    }

    [Fact]
    public async Task Purge_NoTerminalAndNoYes_Exits2AndPurgesNothing()
    {
        var run = await ToolRun.RunAsync("inbox", "purge", "--all", "--dir", _directory);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("there is no terminal to ask on: add --yes", run.Error, StringComparison.Ordinal);
        Assert.Equal(3, await DeadLetterCountAsync());
    }

    [Theory]
    [InlineData("y\n", 0, 0)]
    [InlineData("n\n", 1, 3)]
    [InlineData("", 1, 3)]
    public async Task Purge_AtATerminal_PurgesOnlyWhenTheAnswerIsYes(string answer, int exitCode, int left)
    {
        var run = await ToolRun.AtTerminalAsync(answer, "inbox", "purge", "--all", "--dir", _directory);

        Assert.Equal(exitCode, run.ExitCode);
        Assert.Contains("Purge 3 dead letters for good, bodies included? [y/N]", run.Error, StringComparison.Ordinal);
        Assert.Equal(left, await DeadLetterCountAsync());
    }

    [Fact]
    public async Task AnyCommand_WhileAnApplicationHasTheInboxOpen_Exits1AndSaysToStopIt()
    {
        await using var application = NewInbox();
        await application.OpenAsync(TestContext.Current.CancellationToken);

        var run = await ToolRun.RunAsync("inbox", "replay", "--all", "--dir", _directory);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"The inbox at '{Path.GetFullPath(_directory)}' is in use by a running application, which holds its lock: stop the application first, or use the PostgreSQL inbox, which can be operated on while applications run.", run.Error.Trim());
        Assert.Equal(3, (await application.ListDeadLettersAsync(TestContext.Current.CancellationToken)).Count);
    }

    private FileRefAssuredInbox NewInbox() => new(new FileRefAssuredInboxOptions { Directory = _directory });

    private async Task<int> DeadLetterCountAsync()
    {
        await using var inbox = NewInbox();
        return (await inbox.GetStatisticsAsync(TestContext.Current.CancellationToken)).DeadLettered;
    }
}

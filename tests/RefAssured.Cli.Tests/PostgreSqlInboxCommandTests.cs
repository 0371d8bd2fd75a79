using System.Text.Json;
using RefAssured.Sdk.PostgreSql;
using RefAssured.Sdk.PostgreSql.Tests.Infrastructure;

namespace RefAssured.Cli.Tests;

/// <summary>
/// The inbox commands on a PostgreSQL inbox of the test server (<c>REFASSURED_POSTGRES</c>), with
/// an application's inbox open on the same schema meanwhile, as in production.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PostgreSqlInboxCommandTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private readonly string _schema = "cli_" + Guid.NewGuid().ToString("N")[..12];
    private PostgreSqlRefAssuredInbox? _application;
    private IReadOnlyList<string> _deadLetters = [];

    private PostgreSqlRefAssuredInbox Application => _application!;

    public async ValueTask InitializeAsync()
    {
        _application = new PostgreSqlRefAssuredInbox(new PostgreSqlRefAssuredInboxOptions { ConnectionString = database.ConnectionString, Schema = _schema });
        _deadLetters = await InboxFilling.FillAsync(_application, deadLetters: 3, pending: 2);
    }

    public async ValueTask DisposeAsync()
    {
        if (_application is not null)
        {
            await _application.DisposeAsync();
        }
    }

    [Fact]
    public async Task Stats_Json_CountsWhileTheApplicationRuns()
    {
        var run = await Tool("stats", "--json");

        Assert.Equal(0, run.ExitCode);
        var root = JsonDocument.Parse(run.Output).RootElement;
        Assert.Equal(("postgresql", _schema), (root.GetProperty("kind").GetString(), root.GetProperty("schema").GetString()));
        Assert.Equal((2, 3), (root.GetProperty("pending").GetInt32(), root.GetProperty("deadLettered").GetInt32()));
    }

    [Fact]
    public async Task List_Json_GivesEachDeadLetterWithItsCause()
    {
        var run = await Tool("list", "--json");

        Assert.Equal(0, run.ExitCode);
        var letters = JsonDocument.Parse(run.Output).RootElement.GetProperty("deadLetters").EnumerateArray().ToList();
        Assert.Equal(_deadLetters.Order(StringComparer.Ordinal), letters.Select(l => l.GetProperty("id").GetString()).Order(StringComparer.Ordinal));
        Assert.All(letters, l => Assert.Equal((InboxFilling.Cause, 2), (l.GetProperty("cause").GetString(), l.GetProperty("attempts").GetInt32())));
    }

    [Fact]
    public async Task Replay_OneId_IsHandedToTheApplicationAgain()
    {
        var run = await Tool("replay", _deadLetters[1]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("Replayed 1 dead letter; running applications take it up now.", run.Output.Trim());
        var statistics = await Application.GetStatisticsAsync(TestContext.Current.CancellationToken);
        Assert.Equal((3, 2), (statistics.Pending, statistics.DeadLettered));
        Assert.Null(await Application.GetDeadLetterAsync(_deadLetters[1], TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Replay_UnknownId_Exits1()
    {
        var run = await Tool("replay", "01JDNOSUCHDELIVERY");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("No dead letter has the id '01JDNOSUCHDELIVERY'", run.Error, StringComparison.Ordinal);
        Assert.Equal(3, (await Application.GetStatisticsAsync(TestContext.Current.CancellationToken)).DeadLettered);
    }

    [Fact]
    public async Task Purge_AllWithYes_PurgesEveryDeadLetterAndLeavesThePending()
    {
        var run = await Tool("purge", "--all", "--yes", "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(3, JsonDocument.Parse(run.Output).RootElement.GetProperty("purged").GetInt32());
        var statistics = await Application.GetStatisticsAsync(TestContext.Current.CancellationToken);
        Assert.Equal((2, 0), (statistics.Pending, statistics.DeadLettered));
    }

    [Fact]
    public async Task Purge_NoTerminalAndNoYes_Exits2()
    {
        var run = await Tool("purge", _deadLetters[0]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(3, (await Application.GetStatisticsAsync(TestContext.Current.CancellationToken)).DeadLettered);
    }

    [Fact]
    public async Task Stats_SchemaWithoutAnInbox_Exits1AndCreatesNoSchema()
    {
        var missing = "cli_missing_" + Guid.NewGuid().ToString("N")[..8];

        var run = await ToolRun.RunAsync("inbox", "stats", "--postgres", database.ConnectionString, "--schema", missing);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"The database holds no RefAssured inbox in schema \"{missing}\": an application creates it when its PostgreSQL inbox first opens. Check the database and the schema's name.", run.Error.Trim());
        Assert.Equal(false, await database.ScalarAsync($"SELECT to_regnamespace('{missing}') IS NOT NULL"));
    }

    private Task<ToolRun> Tool(params string[] args) =>
        ToolRun.RunAsync(["inbox", .. args, "--postgres", database.ConnectionString, "--schema", _schema]);
}

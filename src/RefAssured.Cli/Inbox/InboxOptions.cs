using System.CommandLine;

namespace RefAssured.Cli;

/// <summary>The options every <c>inbox</c> command takes: which inbox, and how to print.</summary>
internal sealed class InboxOptions
{
    public Option<string?> Directory { get; } = new("--dir")
    {
        Description = "The directory of a file inbox. The application that uses it must be stopped: it holds the inbox's lock while it runs.",
        Recursive = true,
    };

    public Option<string?> Postgres { get; } = new("--postgres")
    {
        Description = "The connection string of the database of a PostgreSQL inbox; safe while applications run.",
        Recursive = true,
    };

    public Option<string?> Schema { get; } = new("--schema")
    {
        Description = "With --postgres: the inbox's schema (default refassured).",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json") { Description = "Print one JSON document instead of text.", Recursive = true };

    public void AddTo(Command command)
    {
        command.Options.Add(Directory);
        command.Options.Add(Postgres);
        command.Options.Add(Schema);
        command.Options.Add(Json);
    }

    /// <summary>Reads which inbox the command is for; exactly one of <c>--dir</c> and <c>--postgres</c>.</summary>
    public InboxTarget Target(ParseResult result)
    {
        var directory = result.GetValue(Directory);
        var postgres = result.GetValue(Postgres);
        var schema = result.GetValue(Schema);
        if ((directory is null) == (postgres is null))
        {
            throw CliException.Usage("Give exactly one of --dir (a file inbox) and --postgres (a PostgreSQL inbox).");
        }

        if (schema is not null && postgres is null)
        {
            throw CliException.Usage("--schema applies to --postgres only.");
        }

        return directory is not null ? InboxTarget.File(directory) : InboxTarget.PostgreSql(postgres!, schema);
    }
}

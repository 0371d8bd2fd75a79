using System.CommandLine;

namespace RefAssured.Cli;

/// <summary><c>refassured inbox stats|list|show|replay|purge</c>: operates a file or PostgreSQL inbox.</summary>
internal static class InboxCommand
{
    public static Command Create(CliOutput output, Terminal terminal)
    {
        var options = new InboxOptions();
        var command = new Command(
            "inbox",
            "Look into an inbox and act on its dead letters: a file inbox (--dir, with its application stopped) or a PostgreSQL inbox (--postgres, also while applications run).")
        {
            InboxViewCommands.Stats(options, output),
            InboxViewCommands.List(options, output),
            InboxViewCommands.Show(options, output),
            DeadLetterActions.Replay(options, output),
            DeadLetterActions.Purge(options, output, terminal),
        };
        options.AddTo(command);
        return command;
    }
}

using System.CommandLine;

namespace RefAssured.Cli;

/// <summary>
/// The <c>refassured</c> command line: builds the commands, runs one, and turns every user error
/// into one line on the error writer and an exit code (2 for usage, 1 for a failure, 130 when cancelled).
/// </summary>
internal static class CliApp
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken, Terminal? terminal = null)
    {
        var cli = new CliOutput(output, error);
        var root = new RootCommand("Send RefAssured webhooks to an endpoint, check it against the sender's contract, and operate its inbox.")
        {
            SendCommand.Create(cli),
            CheckCommand.Create(cli),
            InboxCommand.Create(cli, terminal ?? Terminal.FromConsole()),
        };

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var parseError in parsed.Errors)
            {
                cli.Error(parseError.Message);
            }

            cli.Error("Run 'refassured --help' for usage.");
            return ExitCodes.Usage;
        }

        try
        {
            var configuration = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
            return await parsed.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (CliException ex)
        {
            cli.Error(ex.Message);
            return ex.ExitCode;
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C and SIGTERM cancel the token System.CommandLine gives the command, not the one passed in.
            cli.Error("Cancelled.");
            return ExitCodes.Cancelled;
        }
    }
}

using System.CommandLine;
using System.Globalization;

namespace RefAssured.Cli;

/// <summary>The commands that change an inbox: <c>replay</c> and <c>purge</c> of one, several or all dead letters.</summary>
internal static class DeadLetterActions
{
    public static Command Replay(InboxOptions options, CliOutput output)
    {
        var (ids, all) = Selection("replay");
        var command = new Command("replay", "Hand dead letters to the application's worker again, with a fresh attempt count and the same id.") { ids, all };
        command.SetAction((result, cancellationToken) =>
        {
            var selected = Selected(result, ids, all);
            return options.Target(result).RunAsync(
                async inbox =>
                {
                    var chosen = await ChooseAsync(inbox, selected, cancellationToken).ConfigureAwait(false);
                    var done = await ActAsync(chosen, inbox.DeadLetters.ReplayAsync, cancellationToken).ConfigureAwait(false);
                    var them = done.Count == 1 ? "it" : "them";
                    var next = inbox.Target.IsFile ? $"the application handles {them} when it next opens the inbox" : $"running applications take {them} up now";
                    Report(output, result.GetValue(options.Json), "replayed", done, $"Replayed {Count(done.Count)}{(done.Count > 0 ? "; " + next : "")}.");
                    return ExitCodes.Success;
                },
                cancellationToken);
        });
        return command;
    }

    public static Command Purge(InboxOptions options, CliOutput output, Terminal terminal)
    {
        var (ids, all) = Selection("purge");
        var yes = new Option<bool>("--yes", "-y") { Description = "Purge without asking for confirmation (for scripts)." };
        var command = new Command("purge", "Delete dead letters for good, bodies included; asks for confirmation unless --yes.") { ids, all, yes };
        command.SetAction((result, cancellationToken) =>
        {
            var selected = Selected(result, ids, all);
            var confirmed = result.GetValue(yes);
            if (!confirmed && !terminal.IsInteractive)
            {
                throw CliException.Usage("purge asks for confirmation, and there is no terminal to ask on: add --yes to purge without asking.");
            }

            return options.Target(result).RunAsync(
                async inbox =>
                {
                    var chosen = await ChooseAsync(inbox, selected, cancellationToken).ConfigureAwait(false);
                    if (chosen.Count > 0 && !confirmed && !terminal.Confirm(output, $"Purge {Count(chosen.Count)} for good, bodies included?"))
                    {
                        output.Error("Nothing purged.");
                        return ExitCodes.Failure;
                    }

                    var done = await ActAsync(chosen, inbox.DeadLetters.PurgeAsync, cancellationToken).ConfigureAwait(false);
                    Report(output, result.GetValue(options.Json), "purged", done, $"Purged {Count(done.Count)}.");
                    return ExitCodes.Success;
                },
                cancellationToken);
        });
        return command;
    }

    private static (Argument<string[]> Ids, Option<bool> All) Selection(string verb) => (
        new Argument<string[]>("id") { Description = $"The delivery ids of the dead letters to {verb}.", Arity = ArgumentArity.ZeroOrMore },
        new Option<bool>("--all") { Description = $"{char.ToUpperInvariant(verb[0])}{verb[1..]} every dead letter." });

    // The ids given, or null for --all; exactly one of the two.
    private static List<string>? Selected(ParseResult result, Argument<string[]> ids, Option<bool> all)
    {
        var given = result.GetValue(ids) ?? [];
        var everything = result.GetValue(all);
        if ((given.Length > 0) == everything)
        {
            throw CliException.Usage("Give the ids of the dead letters, or --all: one of the two.");
        }

        return everything ? null : given.Distinct(StringComparer.Ordinal).ToList();
    }

    // Every id given must be a dead letter, else nothing is done; --all takes the dead letters there are now.
    private static async Task<IReadOnlyList<string>> ChooseAsync(OpenInbox inbox, IReadOnlyList<string>? selected, CancellationToken cancellationToken)
    {
        if (selected is null)
        {
            return (await inbox.DeadLetters.ListDeadLettersAsync(cancellationToken).ConfigureAwait(false)).Select(l => l.Delivery.DeliveryId).ToList();
        }

        var unknown = new List<string>();
        foreach (var id in selected)
        {
            if (await inbox.DeadLetters.GetDeadLetterAsync(id, cancellationToken).ConfigureAwait(false) is null)
            {
                unknown.Add(id);
            }
        }

        return unknown.Count == 0
            ? selected
            : throw CliException.Failure($"No dead letter has the id{(unknown.Count == 1 ? "" : "s")} {string.Join(", ", unknown.Select(id => $"'{id}'"))}; nothing was done (run 'refassured inbox list' for the ids).");
    }

    // A dead letter replayed or purged meanwhile by someone else is left out of the count.
    private static async Task<IReadOnlyList<string>> ActAsync(IReadOnlyList<string> ids, Func<string, CancellationToken, ValueTask<bool>> act, CancellationToken cancellationToken)
    {
        var done = new List<string>();
        foreach (var id in ids)
        {
            if (await act(id, cancellationToken).ConfigureAwait(false))
            {
                done.Add(id);
            }
        }

        return done;
    }

    private static void Report(CliOutput output, bool json, string verb, IReadOnlyList<string> done, string text) =>
        InboxViewCommands.Print(output, json, () => InboxJson.Count(verb, done), () => [text]);

    private static string Count(int count) => string.Create(CultureInfo.InvariantCulture, $"{count} dead letter{(count == 1 ? "" : "s")}");
}

using System.CommandLine;
using System.Globalization;

namespace RefAssured.Cli;

/// <summary>The commands that only read an inbox: <c>stats</c>, <c>list</c> and <c>show</c>.</summary>
internal static class InboxViewCommands
{
    public static Command Stats(InboxOptions options, CliOutput output)
    {
        var command = new Command("stats", "Count the deliveries not completed, by state, and the dead letters.");
        command.SetAction((result, cancellationToken) => options.Target(result).RunAsync(
            async inbox =>
            {
                var statistics = await inbox.Monitor.GetStatisticsAsync(cancellationToken).ConfigureAwait(false);
                Print(output, result.GetValue(options.Json), () => InboxJson.Statistics(inbox.Target, statistics), () => InboxText.Statistics(inbox.Target, statistics));
                return ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }

    public static Command List(InboxOptions options, CliOutput output)
    {
        var limit = new Option<int?>("--limit") { Description = "Print at most this many, the oldest first." };
        var command = new Command("list", "List the dead letters, oldest first, with the cause of their last failure.") { limit };
        command.SetAction((result, cancellationToken) =>
        {
            var most = result.GetValue(limit);
            if (most <= 0)
            {
                throw CliException.Usage(string.Create(CultureInfo.InvariantCulture, $"--limit must be a positive number, not {most}."));
            }

            return options.Target(result).RunAsync(
                async inbox =>
                {
                    var letters = await inbox.DeadLetters.ListDeadLettersAsync(cancellationToken).ConfigureAwait(false);
                    var shown = letters.Take(most ?? int.MaxValue).ToList();
                    Print(output, result.GetValue(options.Json), () => InboxJson.DeadLetters(inbox.Target, shown, letters.Count), () => InboxText.DeadLetters(shown, letters.Count));
                    return ExitCodes.Success;
                },
                cancellationToken);
        });
        return command;
    }

    public static Command Show(InboxOptions options, CliOutput output)
    {
        var id = new Argument<string>("id") { Description = "The delivery id: a dead letter's, as list prints it, or any other delivery's the inbox still holds." };
        var includeBody = new Option<bool>("--include-body") { Description = "Also print the body, which holds personal data." };
        var command = new Command(
            "show",
            "Show a delivery's state and metadata: pending, retry scheduled, in flight, dead-lettered, or completed while the inbox keeps it; its body (personal data) only with --include-body.")
        {
            id, includeBody,
        };
        command.SetAction((result, cancellationToken) => options.Target(result).RunAsync(
            async inbox =>
            {
                var deliveryId = result.GetRequiredValue(id);
                var body = result.GetValue(includeBody);
                var json = result.GetValue(options.Json);
                if (await inbox.DeadLetters.GetDeadLetterAsync(deliveryId, cancellationToken).ConfigureAwait(false) is { } letter)
                {
                    Print(output, json, () => InboxJson.DeadLetter(letter, body), () => InboxText.DeadLetter(letter, body));
                    return ExitCodes.Success;
                }

                var view = await inbox.FindDelivery(deliveryId, body, cancellationToken).ConfigureAwait(false);
                Print(output, json, () => DeliveryJson.Delivery(view), () => DeliveryText.Delivery(view));
                return ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }

    /// <summary>Prints one JSON document with <c>--json</c>, otherwise the text's lines.</summary>
    internal static void Print(CliOutput output, bool json, Func<string> asJson, Func<IEnumerable<string>> asText)
    {
        if (json)
        {
            output.Out(asJson());
            return;
        }

        foreach (var line in asText())
        {
            output.Out(line);
        }
    }
}

using System.CommandLine;

namespace RefAssured.Cli;

/// <summary><c>refassured check URL --key KEY</c>: runs the sender's contract against an endpoint and prints what passed.</summary>
internal static class CheckCommand
{
    public static Command Create(CliOutput output)
    {
        var url = new Argument<string>("url") { Description = "The endpoint's base URL, under which the four events are mapped, such as https://example.com/webhooks/refassured; a trailing event segment is left out." };
        var key = new Option<string>("--key") { Description = "The verification key the endpoint expects.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print one JSON document instead of a table." };
        var command = new Command("check", "Check an endpoint against RefAssured's contract with the sender. Exit code 0 only if everything passed.") { url, key, json };
        command.SetAction(async (result, cancellationToken) =>
        {
            var baseUrl = WebhookClient.BaseUrl(WebhookClient.ParseUrl(result.GetRequiredValue(url)));
            using var client = new WebhookClient(TimeSpan.FromSeconds(60));
            var checks = await new ContractChecks(client, baseUrl, result.GetRequiredValue(key)).RunAsync(cancellationToken).ConfigureAwait(false);
            if (result.GetValue(json))
            {
                output.Out(CheckReport.Json(baseUrl, checks));
            }
            else
            {
                foreach (var line in CheckReport.Table(baseUrl, checks))
                {
                    output.Out(line);
                }
            }

            return checks.Any(c => c.Outcome == CheckOutcome.Failed) ? ExitCodes.Failure : ExitCodes.Success;
        });
        return command;
    }
}

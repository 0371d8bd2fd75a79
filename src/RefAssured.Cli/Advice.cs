using System.Text.Json;

namespace RefAssured.Cli;

/// <summary>What a contract check expected of the endpoint.</summary>
internal enum ContractExpectation
{
    /// <summary>A 200 within 5 seconds.</summary>
    Accepted,

    /// <summary>A 401 for a missing or wrong key.</summary>
    Unauthorized,

    /// <summary>Plain HTTP refused for an https endpoint.</summary>
    HttpsOnly,

    /// <summary>A 413 for a body over the largest size.</summary>
    TooLarge,
}

/// <summary>
/// The likely cause of an unexpected answer and its fix, from RefAssured's troubleshooting table
/// and the causes this SDK names in its problem bodies (docs/aspnetcore.md, Troubleshooting).
/// </summary>
internal static class Advice
{
    public static string For(DeliveryResult result, ContractExpectation expected)
    {
        var detail = ProblemDetail(result.Answer);
        var cause = Cause(result, expected);
        return detail is null ? cause : $"{cause} The endpoint said: {detail}";
    }

    private static string Cause(DeliveryResult result, ContractExpectation expected) => (expected, result.Status) switch
    {
        (_, null) => (result.Error ?? "No answer.") + " Not receiving events: check that the URL is correct and reachable, the firewall lets POST in and the TLS certificate is valid.",
        (ContractExpectation.Accepted, 200) => "Timeout errors: the 200 came after more than 5 seconds. Answer as soon as the delivery is stored and run handlers in the background; a slow answer means a slow store (watch refassured.acknowledgement.duration).",
        (ContractExpectation.Accepted, 401) => "Verification failing: the key must match exactly, letter case included, with no extra spaces; use the key of the right environment (during a rotation, put the old key in AdditionalKeys). The application's RequestRejected warning names MissingKey (a proxy dropping x-refassured-key?), KeyMismatch or NoKeyConfigured.",
        (ContractExpectation.Accepted, 403) => "HttpsRequired: TLS ends at a proxy that sends no forwarded headers; configure forwarded headers, or send to the https URL.",
        (ContractExpectation.Accepted, 404) => "UnknownEvent: the URL is not the base the events are mapped under, or an event segment is misspelt.",
        (ContractExpectation.Accepted, 405) => "MethodNotAllowed: the URL answers, but not to POST; check the route the webhooks are mapped on.",
        (ContractExpectation.Accepted, 413) => "Body too large: raise MaxBodySize (reports carry their PDF as base64) and any proxy's body limit.",
        (ContractExpectation.Accepted, 415) => "Not JSON: something between RefAssured and the application changes the Content-Type.",
        (ContractExpectation.Accepted, 400) => "The payload was refused as malformed; the endpoint does not accept RefAssured's sample as it is sent.",
        (ContractExpectation.Accepted, 503) => "StoreUnavailable: the inbox cannot store the delivery (a full or failing disk, an unreachable database).",
        (ContractExpectation.Accepted, >= 500) => "The application failed: read its log for the exception; RefAssured does not retry, so this delivery would be lost.",
        (ContractExpectation.Accepted, _) => "Missing events: RefAssured treats anything but a 200 as a failed delivery and does not retry it.",
        (ContractExpectation.Unauthorized, >= 200 and < 300) => "The endpoint does not verify x-refassured-key: anyone who knows the URL can post events. Configure the verification key (REFASSURED_WEBHOOK_KEY) and check it before reading the body.",
        (ContractExpectation.Unauthorized, _) => "A request without the right key must get 401, so that a key problem shows as such; check the key verification comes before any other check.",
        (ContractExpectation.HttpsOnly, _) => "Deliveries are accepted over plain HTTP, so personal data can travel unencrypted: refuse plain HTTP (the SDK's RequireHttps) or do not listen on it.",
        (ContractExpectation.TooLarge, >= 200 and < 300) => "A body over 40 MiB was accepted: set MaxBodySize so that an oversize body is refused before it fills memory or disk.",
        (ContractExpectation.TooLarge, 401) => "The key was refused before the size was looked at: fix the key first (see the checks above), then run the check again.",
        (ContractExpectation.TooLarge, _) => "An oversize body must get 413, so that RefAssured's logs show why; a proxy in front may answer with its own status.",
        _ => throw new ArgumentOutOfRangeException(nameof(expected)),
    };

    /// <summary>The <c>detail</c> (or <c>title</c>) of a problem+json answer, if the answer is one.</summary>
    private static string? ProblemDetail(string answer)
    {
        if (answer.Length == 0 || answer[0] != '{')
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(answer);
            foreach (var name in (string[])["detail", "title"])
            {
                if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
                {
                    return value.GetString();
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return null;
    }
}

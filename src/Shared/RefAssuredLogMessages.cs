using System.Globalization;
using System.Text;

namespace RefAssured.Sdk;

/// <summary>
/// The log messages of every host, defined once: event id, event name, level and message
/// template. The ASP.NET Core adapter logs them with <c>[LoggerMessage]</c>, the HttpListener
/// host writes them with <see cref="Render"/>, so one moment gives the same text and event id in
/// both. This file is compiled into each adapter (it is not part of the core), so that neither
/// adapter needs another package's internals. The holes take only event types, ids, sizes,
/// reasons and addresses: never the key, never a value from a payload.
/// </summary>
internal static class RefAssuredLogMessages
{
    /// <summary>The logging category of every message.</summary>
    public const string Category = "RefAssured.Sdk";

    public const int DeliveryAcceptedId = 1;
    public const string DeliveryAcceptedName = "DeliveryAccepted";
    public const Level DeliveryAcceptedLevel = Level.Information;
    public const string DeliveryAccepted = "Accepted RefAssured {EventType} delivery {DeliveryId} ({Size} bytes) from {RemoteAddress}";

    public const int RequestRejectedId = 2;
    public const string RequestRejectedName = "RequestRejected";
    public const Level RequestRejectedLevel = Level.Warning;
    public const string RequestRejected = "Rejected a RefAssured request with {StatusCode} {Reason} (event {EventType}) from {RemoteAddress}: {Detail}";

    public const int HandlerFailedId = 3;
    public const string HandlerFailedName = "HandlerFailed";
    public const Level HandlerFailedLevel = Level.Warning;
    public const string HandlerFailed = "RefAssured handler {Handler} failed for {EventType} delivery {DeliveryId} on attempt {Attempt}; next attempt: {NextAttempt}";

    public const int DeliveryDeadLetteredId = 4;
    public const string DeliveryDeadLetteredName = "DeliveryDeadLettered";
    public const Level DeliveryDeadLetteredLevel = Level.Error;
    public const string DeliveryDeadLettered = "RefAssured {EventType} delivery {DeliveryId} was dead-lettered after attempt {Attempt}; once the cause is fixed, replay it with the refassured tool (refassured inbox replay) or IRefAssuredDeadLetterStore. Cause: {Reason}";

    public const int InboxFailedId = 5;
    public const string InboxFailedName = "InboxFailed";
    public const Level InboxFailedLevel = Level.Error;
    public const string InboxFailed = "The RefAssured inbox operation '{Operation}' failed";

    /// <summary>The levels used, with the values of <c>Microsoft.Extensions.Logging.LogLevel</c>, so that one casts to the other.</summary>
    public enum Level
    {
        Information = 2,
        Warning = 3,
        Error = 4,
    }

    /// <summary>The value for an <c>{EventType}</c> hole: the event type, or <c>unknown</c> when the route named none.</summary>
    public static string EventType(RefAssuredEventType? eventType) => eventType?.ToString() ?? "unknown";

    /// <summary>The value for a <c>{NextAttempt}</c> hole: the retry time in ISO 8601, or that there is none.</summary>
    public static string NextAttempt(DateTimeOffset? retryAt) => retryAt?.ToString("O", CultureInfo.InvariantCulture) ?? "none, it is dead-lettered";

    /// <summary>The short level names console loggers print: <c>info</c>, <c>warn</c>, <c>fail</c>.</summary>
    public static string ShortName(Level level) => level switch
    {
        Level.Information => "info",
        Level.Warning => "warn",
        _ => "fail",
    };

    /// <summary>
    /// Fills the template's holes, in order, with the values, formatted as
    /// <c>Microsoft.Extensions.Logging</c> formats them: in the invariant culture, <see langword="null"/> as <c>(null)</c>.
    /// </summary>
    public static string Render(string template, params object?[] values)
    {
        var text = new StringBuilder(template.Length + 64);
        var next = 0;
        var position = 0;
        while (position < template.Length)
        {
            var open = template.IndexOf('{', position);
            var close = open < 0 ? -1 : template.IndexOf('}', open);
            if (close < 0)
            {
                break;
            }

            text.Append(template, position, open - position);
            text.Append(next < values.Length && values[next] is { } value ? Convert.ToString(value, CultureInfo.InvariantCulture) : "(null)");
            next++;
            position = close + 1;
        }

        return text.Append(template, position, template.Length - position).ToString();
    }
}

namespace RefAssured.Sdk;

/// <summary>
/// Attribute names and values shared by the metrics and the traces, after the OpenTelemetry
/// conventions: the SDK's own under <c>refassured.</c>, the standard <c>error.type</c> and
/// <c>http.response.status_code</c>. Every value is a cached string or box, so tagging allocates nothing.
/// </summary>
internal static class TelemetryTags
{
    public const string EventType = "refassured.event.type";
    public const string DeliveryId = "refassured.delivery.id";
    public const string DeliveryAttempt = "refassured.delivery.attempt";
    public const string HandlerName = "refassured.handler.name";
    public const string ErrorType = "error.type";
    public const string StatusCode = "http.response.status_code";

    // Status codes boxed once each, on first use; a race only boxes the same value twice.
    private static readonly object?[] StatusCodes = new object?[600];

    /// <summary>The event type's value: its hyphenated route name (<c>sales-optin</c>), the spelling of the URLs and the audit log.</summary>
    public static string EventTypeValue(RefAssuredEventType type) => RefAssuredEventTypes.GetRouteName(type);

    public static object StatusCodeValue(int statusCode)
    {
        if ((uint)statusCode >= (uint)StatusCodes.Length)
        {
            return statusCode;
        }

        return StatusCodes[statusCode] ??= statusCode;
    }

    /// <summary>The <c>error.type</c> of a rejected request: the name of its receive status.</summary>
    public static string ErrorTypeValue(RefAssuredReceiveStatus status) => status switch
    {
        RefAssuredReceiveStatus.UnknownEvent => nameof(RefAssuredReceiveStatus.UnknownEvent),
        RefAssuredReceiveStatus.MissingKey => nameof(RefAssuredReceiveStatus.MissingKey),
        RefAssuredReceiveStatus.KeyMismatch => nameof(RefAssuredReceiveStatus.KeyMismatch),
        RefAssuredReceiveStatus.NoKeyConfigured => nameof(RefAssuredReceiveStatus.NoKeyConfigured),
        RefAssuredReceiveStatus.UnsupportedMediaType => nameof(RefAssuredReceiveStatus.UnsupportedMediaType),
        RefAssuredReceiveStatus.PayloadTooLarge => nameof(RefAssuredReceiveStatus.PayloadTooLarge),
        RefAssuredReceiveStatus.BodyUnreadable => nameof(RefAssuredReceiveStatus.BodyUnreadable),
        RefAssuredReceiveStatus.InvalidPayload => nameof(RefAssuredReceiveStatus.InvalidPayload),
        RefAssuredReceiveStatus.StoreUnavailable => nameof(RefAssuredReceiveStatus.StoreUnavailable),
        RefAssuredReceiveStatus.MethodNotAllowed => nameof(RefAssuredReceiveStatus.MethodNotAllowed),
        RefAssuredReceiveStatus.HttpsRequired => nameof(RefAssuredReceiveStatus.HttpsRequired),
        RefAssuredReceiveStatus.Accepted => nameof(RefAssuredReceiveStatus.Accepted),
        _ => "_OTHER",
    };

    /// <summary>The <c>error.type</c> of a handler's exception: its type's full name.</summary>
    public static string ErrorTypeValue(Exception exception) => exception.GetType().FullName ?? "_OTHER";

    /// <summary>
    /// The <c>error.type</c> of a failed attempt: the first failed handler's exception type, or
    /// <c>InvalidPayload</c> when the stored body did not parse; <see langword="null"/> when it succeeded.
    /// </summary>
    public static string? ErrorTypeValue(RefAssuredDispatchResult result)
    {
        if (result.ParseError is not null)
        {
            return nameof(RefAssuredReceiveStatus.InvalidPayload);
        }

        foreach (var outcome in result.Outcomes)
        {
            if (outcome.Exception is { } exception)
            {
                return ErrorTypeValue(exception);
            }
        }

        return null;
    }
}

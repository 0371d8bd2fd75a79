namespace RefAssured.Sdk.Hosting;

/// <summary>
/// The checks a request passes before its body is read, each returning <see langword="null"/>
/// when the request passes it, or the problem to answer.
/// </summary>
internal static class RequestChecks
{
    private static readonly string RouteList = string.Join(", ", RefAssuredEventTypes.All.SelectMany(RefAssuredEventTypes.GetRouteNames));

    public static RefAssuredReceiveOutcome UnknownEvent(string? route) =>
        RefAssuredReceiveOutcome.Problem(
            RefAssuredReceiveStatus.UnknownEvent,
            $"'{RequestText.Describe(route)}' is not a RefAssured event route; use one of: {RouteList}.");

    public static RefAssuredReceiveOutcome TooLarge(string detail) =>
        RefAssuredReceiveOutcome.Problem(RefAssuredReceiveStatus.PayloadTooLarge, detail);

    public static RefAssuredReceiveOutcome? CheckHttps(RefAssuredReceiverOptions options, RefAssuredReceiveRequest request) =>
        options.RequireHttps && !request.IsHttps ? RefAssuredReceiveOutcome.HttpsRequired() : null;

    public static RefAssuredReceiveOutcome? CheckMethod(string? method) =>
        string.Equals(method, "POST", StringComparison.OrdinalIgnoreCase) ? null : RefAssuredReceiveOutcome.MethodNotAllowed(method ?? "(none)");

    public static RefAssuredReceiveOutcome? CheckContentType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return null;
        }

        var rest = contentType.AsSpan();
        var end = rest.IndexOf(';');
        var mediaType = (end < 0 ? rest : rest[..end]).Trim();
        if (!mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            var other = mediaType.ToString().ToLowerInvariant();
            if (IsClearlyNotJson(other))
            {
                return RefAssuredReceiveOutcome.Problem(
                    RefAssuredReceiveStatus.UnsupportedMediaType,
                    $"The content type '{RequestText.Describe(other)}' is not JSON; RefAssured sends application/json.");
            }
        }

        while (end >= 0)
        {
            rest = rest[(end + 1)..];
            end = rest.IndexOf(';');
            var parameter = end < 0 ? rest : rest[..end];
            var equals = parameter.IndexOf('=');
            if (equals > 0 && parameter[..equals].Trim().Equals("charset", StringComparison.OrdinalIgnoreCase))
            {
                var charset = parameter[(equals + 1)..].Trim().Trim('"');
                if (!charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) &&
                    !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase) &&
                    !charset.Equals("us-ascii", StringComparison.OrdinalIgnoreCase))
                {
                    return RefAssuredReceiveOutcome.Problem(
                        RefAssuredReceiveStatus.UnsupportedMediaType,
                        $"The charset '{RequestText.Describe(charset.ToString(), 32)}' is not supported; JSON must be UTF-8.");
                }
            }
        }

        return null;
    }

    // Only what is certainly not JSON is refused: a rejected delivery is never resent.
    private static bool IsClearlyNotJson(string mediaType) =>
        mediaType is "application/x-www-form-urlencoded" or "application/xml" or "text/xml" or "text/html" or "text/csv" or "application/pdf"
        || mediaType.StartsWith("multipart/", StringComparison.Ordinal)
        || mediaType.StartsWith("image/", StringComparison.Ordinal)
        || mediaType.StartsWith("audio/", StringComparison.Ordinal)
        || mediaType.StartsWith("video/", StringComparison.Ordinal)
        || mediaType.StartsWith("font/", StringComparison.Ordinal)
        || mediaType.EndsWith("+xml", StringComparison.Ordinal);
}

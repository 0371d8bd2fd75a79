namespace RefAssured.Sdk.Hosting;

public sealed partial class RefAssuredReceiver
{
    private static readonly string RouteList = string.Join(", ", RefAssuredEventTypes.All.SelectMany(RefAssuredEventTypes.GetRouteNames));

    private static RefAssuredReceiveOutcome UnknownEvent(string? route) =>
        RefAssuredReceiveOutcome.Problem(
            RefAssuredReceiveStatus.UnknownEvent,
            $"'{RefAssuredReceiveOutcome.Truncate(route, 64)}' is not a RefAssured event route; use one of: {RouteList}.");

    private static RefAssuredReceiveOutcome TooLarge(string detail) =>
        RefAssuredReceiveOutcome.Problem(RefAssuredReceiveStatus.PayloadTooLarge, detail);

    private async ValueTask<RefAssuredReceiveOutcome?> VerifyKeyAsync(RefAssuredEventType type, RefAssuredReceiveRequest request, CancellationToken cancellationToken)
    {
        RefAssuredKeySet keys;
        if (_options.KeyResolver is { } resolver)
        {
            try
            {
                keys = await resolver.ResolveKeysAsync(new RefAssuredKeyResolutionContext(type, request.RouteValues), cancellationToken).ConfigureAwait(false)
                    ?? RefAssuredKeySet.None;
            }
#pragma warning disable CA1031 // A failing resolver (a database down, say) means 503, never an unverified request.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                return RefAssuredReceiveOutcome.Problem(
                    RefAssuredReceiveStatus.StoreUnavailable,
                    $"The verification keys for this request could not be resolved ({ex.GetType().Name}), so it was not accepted.");
            }
        }
        else
        {
            keys = _options.Keys;
        }

        string? presented;
        try
        {
            presented = request.GetHeader(KeyHeaderName);
        }
#pragma warning disable CA1031 // A host's header lookup failing is treated as an absent header.
        catch (Exception)
#pragma warning restore CA1031
        {
            presented = null;
        }

        return keys.Verify(presented) switch
        {
            RefAssuredKeyVerificationResult.Valid => null,
            RefAssuredKeyVerificationResult.MissingKey => RefAssuredReceiveOutcome.Problem(
                RefAssuredReceiveStatus.MissingKey, $"The request has no {KeyHeaderName} header; RefAssured sends the verification key in it."),
            RefAssuredKeyVerificationResult.NoKeyConfigured => RefAssuredReceiveOutcome.Problem(
                RefAssuredReceiveStatus.NoKeyConfigured, "No verification key is configured for this endpoint, so every request is refused."),
            _ => RefAssuredReceiveOutcome.Problem(
                RefAssuredReceiveStatus.KeyMismatch, $"The {KeyHeaderName} header does not match the configured verification key; it must match exactly, with no extra spaces."),
        };
    }

    private static RefAssuredReceiveOutcome? CheckContentType(string? contentType)
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
                    $"The content type '{RefAssuredReceiveOutcome.Truncate(other, 64)}' is not JSON; RefAssured sends application/json.");
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
                        $"The charset '{RefAssuredReceiveOutcome.Truncate(charset.ToString(), 32)}' is not supported; JSON must be UTF-8.");
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

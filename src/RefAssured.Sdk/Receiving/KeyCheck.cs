namespace RefAssured.Sdk.Hosting;

/// <summary>Verifies the key a request presents against the keys configured or resolved for it.</summary>
internal static class KeyCheck
{
    /// <summary>Returns <see langword="null"/> when the key is valid, otherwise the 401 (or, when the keys cannot be resolved, 503) to answer.</summary>
    public static async ValueTask<RefAssuredReceiveOutcome?> VerifyAsync(
        RefAssuredReceiverOptions options, RefAssuredEventType type, RefAssuredReceiveRequest request, CancellationToken cancellationToken)
    {
        RefAssuredKeySet keys;
        if (options.KeyResolver is { } resolver)
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
            keys = options.Keys;
        }

        string? presented;
        try
        {
            presented = request.GetHeader(RefAssuredReceiver.KeyHeaderName);
        }
#pragma warning disable CA1031 // A host's header lookup failing is treated as an absent header.
        catch (Exception)
#pragma warning restore CA1031
        {
            presented = null;
        }

        const string header = RefAssuredReceiver.KeyHeaderName;
        return keys.Verify(presented) switch
        {
            RefAssuredKeyVerificationResult.Valid => null,
            RefAssuredKeyVerificationResult.MissingKey => RefAssuredReceiveOutcome.Problem(
                RefAssuredReceiveStatus.MissingKey, $"The request has no {header} header; RefAssured sends the verification key in it."),
            RefAssuredKeyVerificationResult.NoKeyConfigured => RefAssuredReceiveOutcome.Problem(
                RefAssuredReceiveStatus.NoKeyConfigured, "No verification key is configured for this endpoint, so every request is refused."),
            _ => RefAssuredReceiveOutcome.Problem(
                RefAssuredReceiveStatus.KeyMismatch, $"The {header} header does not match the configured verification key; it must match exactly, with no extra spaces."),
        };
    }
}

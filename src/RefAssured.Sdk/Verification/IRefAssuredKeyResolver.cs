namespace RefAssured.Sdk;

/// <summary>
/// Picks the verification keys that are valid for one request, for applications that receive
/// for several RefAssured accounts (a tenant in the route, for example). Return
/// <see cref="RefAssuredKeySet.None"/> to refuse the request; cache key sets, since building
/// one hashes every key.
/// </summary>
public interface IRefAssuredKeyResolver
{
    /// <summary>Returns the keys valid for the request described by <paramref name="context"/>.</summary>
    /// <param name="context">The event type and route values of the request; its body has not been read.</param>
    /// <param name="cancellationToken">Cancelled when the request is aborted.</param>
    /// <returns>The valid keys; an empty set refuses the request.</returns>
    ValueTask<RefAssuredKeySet> ResolveKeysAsync(RefAssuredKeyResolutionContext context, CancellationToken cancellationToken);
}

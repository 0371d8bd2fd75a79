namespace RefAssured.Sdk;

/// <summary>What a <see cref="IRefAssuredKeyResolver"/> knows about a request before its body is read.</summary>
/// <param name="EventType">The event type, from the route.</param>
/// <param name="RouteValues">The route values of the request (for example a <c>tenant</c>); empty when the host has none.</param>
public sealed record RefAssuredKeyResolutionContext(RefAssuredEventType EventType, IReadOnlyDictionary<string, string> RouteValues);

using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace RefAssured.Sdk.Testing.Posting;

/// <summary>Finds the path an application receives an event at, among the endpoints it mapped.</summary>
internal static class WebhookRoutes
{
    // The route parameter of MapRefAssuredWebhooks and the display name of MapRefAssuredWebhook<TEvent>,
    // as RefAssured.Sdk.AspNetCore names its endpoints.
    private const string EventParameter = "refassuredEvent";
    private const string SingleEventDisplayName = "RefAssured webhook ";

    public static string Find(IServiceProvider services, RefAssuredEventType eventType)
    {
        var routeName = RefAssuredEventTypes.GetRouteName(eventType);
        var endpoints = services.GetService<EndpointDataSource>()?.Endpoints ?? [];
        foreach (var endpoint in endpoints.OfType<RouteEndpoint>())
        {
            if (PathOf(endpoint, routeName) is { } path)
            {
                return path;
            }
        }

        throw new InvalidOperationException(
            $"The application maps no RefAssured endpoint for {eventType} without other route parameters: " +
            "map one with MapRefAssuredWebhooks(...) or MapRefAssuredWebhook<TEvent>(...), or set RefAssuredPostOptions.Path.");
    }

    private static string? PathOf(RouteEndpoint endpoint, string routeName)
    {
        var pattern = endpoint.RoutePattern;
        var others = pattern.Parameters.Where(p => p.Name != EventParameter).ToList();
        if (others.Count > 0 || pattern.RawText is null)
        {
            return null;
        }

        if (pattern.Parameters.Count == 1)
        {
            return Build(pattern, routeName);
        }

        var singleEvent = SingleEventDisplayName + routeName + " ";
        return endpoint.DisplayName?.StartsWith(singleEvent, StringComparison.Ordinal) == true ? Build(pattern, null) : null;
    }

    // Built from the segments, so that the pattern's own spelling of the prefix (a leading "~/" or
    // none) does not matter.
    private static string Build(RoutePattern pattern, string? routeName)
    {
        var segments = pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            _ => routeName,
        })));
        return "/" + string.Join('/', segments);
    }
}

using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using RefAssured.Sdk;
using RefAssured.Sdk.AspNetCore;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the endpoints that receive RefAssured webhooks.</summary>
public static class RefAssuredWebhooksEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>POST {pattern}/{event}</c> for the four RefAssured events, in both spellings of the
    /// vendor's documentation (<c>sales-optin</c> and <c>salesoptin</c>, <c>candidate-optin</c>,
    /// <c>candidate-notes</c>, <c>reference-report</c>, …). Other methods get 405; an unknown
    /// event 404. Route parameters in <paramref name="pattern"/> (a tenant, say) reach handlers as
    /// <see cref="RefAssuredEventContext.RouteValues"/>.
    /// The endpoints allow anonymous requests, so that an authorization fallback policy does not
    /// turn RefAssured away: RefAssured sends no user credentials, and the verification key is the
    /// authentication.
    /// </summary>
    /// <param name="endpoints">The application's endpoint route builder.</param>
    /// <param name="pattern">The common prefix, for example <c>/webhooks/refassured</c>.</param>
    /// <returns>The endpoint's convention builder, to add host requirements, tags or metadata.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="endpoints"/> or <paramref name="pattern"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException"><c>AddRefAssuredWebhooks</c> was not called on the services.</exception>
    public static IEndpointConventionBuilder MapRefAssuredWebhooks(this IEndpointRouteBuilder endpoints, [StringSyntax("Route")] string pattern)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(pattern);
        EnsureServices(endpoints, nameof(MapRefAssuredWebhooks));
        var route = pattern.TrimEnd('/') + "/{" + RefAssuredWebhookEndpoint.EventRouteParameter + "}";
        var endpoint = Resolve(endpoints);
        return endpoints
            .Map(route, context => endpoint.Value.HandleAsync(context, null))
            .WithDisplayName("RefAssured webhooks " + route)
            .AllowAnonymous();
    }

    /// <summary>
    /// Maps <c>POST {pattern}</c> to one RefAssured event, for URLs of any shape (one URL per event,
    /// as in the vendor's webhook settings). Other methods get 405. Like
    /// <see cref="MapRefAssuredWebhooks"/>, the endpoint allows anonymous requests: the key is the authentication.
    /// </summary>
    /// <typeparam name="TEvent">The event received there: <see cref="SalesOptIn"/>, <see cref="CandidateOptIn"/>, <see cref="CandidateNote"/> or <see cref="ReferenceReport"/>.</typeparam>
    /// <param name="endpoints">The application's endpoint route builder.</param>
    /// <param name="pattern">The path, for example <c>/hooks/leads</c>.</param>
    /// <returns>The endpoint's convention builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="endpoints"/> or <paramref name="pattern"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><typeparamref name="TEvent"/> is not one of the four RefAssured events.</exception>
    /// <exception cref="InvalidOperationException"><c>AddRefAssuredWebhooks</c> was not called on the services.</exception>
    public static IEndpointConventionBuilder MapRefAssuredWebhook<TEvent>(this IEndpointRouteBuilder endpoints, [StringSyntax("Route")] string pattern)
        where TEvent : RefAssuredEvent
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(pattern);
        EnsureServices(endpoints, nameof(MapRefAssuredWebhook));
        RefAssuredEventType eventType = EventTypeOf<TEvent>();
        var endpoint = Resolve(endpoints);
        return endpoints
            .Map(pattern, context => endpoint.Value.HandleAsync(context, eventType))
            .WithDisplayName($"RefAssured webhook {RefAssuredEventTypes.GetRouteName(eventType)} {pattern}")
            .AllowAnonymous();
    }

    private static void EnsureServices(IEndpointRouteBuilder endpoints, string method)
    {
        if (endpoints.ServiceProvider.GetService<RefAssuredWebhooksRegistry>() is null)
        {
            throw new InvalidOperationException(
                $"Unable to find the RefAssured webhook services. Call builder.Services.AddRefAssuredWebhooks(...) in the application's start-up code before calling {method}.");
        }
    }

    // Resolved at the first request, not when mapping, so that invalid options fail start-up as
    // validation errors; and from the root provider, so that no request scope is created for it.
    private static Lazy<RefAssuredWebhookEndpoint> Resolve(IEndpointRouteBuilder endpoints)
    {
        var services = endpoints.ServiceProvider;
        return new Lazy<RefAssuredWebhookEndpoint>(services.GetRequiredService<RefAssuredWebhookEndpoint>);
    }

    private static RefAssuredEventType EventTypeOf<TEvent>()
        where TEvent : RefAssuredEvent =>
        typeof(TEvent) == typeof(SalesOptIn) ? RefAssuredEventType.SalesOptIn
        : typeof(TEvent) == typeof(CandidateOptIn) ? RefAssuredEventType.CandidateOptIn
        : typeof(TEvent) == typeof(CandidateNote) ? RefAssuredEventType.CandidateNote
        : typeof(TEvent) == typeof(ReferenceReport) ? RefAssuredEventType.ReferenceReport
        : throw new ArgumentException($"{typeof(TEvent).Name} is not an event RefAssured delivers; map SalesOptIn, CandidateOptIn, CandidateNote or ReferenceReport.", nameof(TEvent));
}

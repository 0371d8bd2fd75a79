using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace RefAssured.Sdk.AspNetCore;

/// <summary>
/// Translates one ASP.NET Core request into a <see cref="RefAssuredReceiveRequest"/> and the
/// receiver's outcome back into the response. The only checks made here are the two the
/// pipeline leaves to hosts: HTTPS and the method, each answered with the core's own problem.
/// </summary>
internal sealed class RefAssuredWebhookEndpoint(
    RefAssuredReceiver receiver,
    IOptions<RefAssuredWebhookOptions> options,
    RefAssuredLoggingObserver observer)
{
    /// <summary>The route parameter that carries the event segment in <c>MapRefAssuredWebhooks</c>.</summary>
    public const string EventRouteParameter = "refassuredEvent";

    // Kestrel's limit sits above the pipeline's, so the pipeline's exact 413 always comes first;
    // the margin covers the pipeline reading one buffer past its limit on a body of unknown length.
    private const long KestrelLimitMargin = 1024 * 1024;

    private static readonly IReadOnlyDictionary<string, string> NoRouteValues = new Dictionary<string, string>();

    private readonly long _kestrelLimit = options.Value.MaxBodySize + KestrelLimitMargin;
    private readonly bool _requireHttps = options.Value.RequireHttps ?? true;

    public async Task HandleAsync(HttpContext context, RefAssuredEventType? eventType)
    {
        var request = context.Request;
        RefAssuredReceiveOutcome outcome;
        if (_requireHttps && !request.IsHttps)
        {
            outcome = Rejected(RefAssuredReceiveOutcome.HttpsRequired(), context, eventType);
        }
        else if (!HttpMethods.IsPost(request.Method))
        {
            outcome = Rejected(RefAssuredReceiveOutcome.MethodNotAllowed(request.Method), context, eventType);
        }
        else
        {
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit)
            {
                sizeLimit.MaxRequestBodySize = _kestrelLimit;
            }

            outcome = await receiver.ReceiveAsync(ToReceiveRequest(context, eventType), context.RequestAborted).ConfigureAwait(false);
        }

        await WriteAsync(context.Response, outcome, context.RequestAborted).ConfigureAwait(false);
    }

    private static RefAssuredReceiveRequest ToReceiveRequest(HttpContext context, RefAssuredEventType? eventType)
    {
        var request = context.Request;
        var headers = request.Headers;
        Dictionary<string, string>? routeValues = null;
        string? eventRoute = null;
        foreach (var (name, value) in request.RouteValues)
        {
            if (name == EventRouteParameter)
            {
                eventRoute = value as string;
            }
            else if (value is not null)
            {
                routeValues ??= new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                routeValues[name] = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
            }
        }

        return new RefAssuredReceiveRequest
        {
            EventRoute = eventRoute,
            EventType = eventType,
            GetHeader = name => headers.TryGetValue(name, out var values) && values.Count > 0 ? values.ToString() : null,
            ContentType = request.ContentType,
            ContentLength = request.ContentLength,
            Body = request.Body,
            RouteValues = routeValues ?? NoRouteValues,
            RemoteAddress = context.Connection.RemoteIpAddress?.ToString(),
        };
    }

    private RefAssuredReceiveOutcome Rejected(RefAssuredReceiveOutcome outcome, HttpContext context, RefAssuredEventType? eventType)
    {
        observer.RequestRejected(outcome, eventType, context.Connection.RemoteIpAddress?.ToString());
        return outcome;
    }

    private static async Task WriteAsync(HttpResponse response, RefAssuredReceiveOutcome outcome, CancellationToken cancellationToken)
    {
        response.StatusCode = outcome.StatusCode;
        response.ContentType = outcome.ContentType;
        response.ContentLength = outcome.Body.Length;
        response.Headers.CacheControl = "no-store";
        if (outcome.Allow is { } allow)
        {
            response.Headers.Allow = allow;
        }

        try
        {
            await response.Body.WriteAsync(outcome.Body, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The sender went away; the outcome (a stored delivery included) stands.
        }
    }
}

using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace RefAssured.Sdk.AspNetCore;

/// <summary>
/// Translates one ASP.NET Core request into a <see cref="RefAssuredReceiveRequest"/> and the
/// receiver's outcome back into the response. It checks nothing itself: every answer, 403 and
/// 405 included, is the receiver's, so this host answers exactly as any other.
/// </summary>
internal sealed class RefAssuredWebhookEndpoint(RefAssuredReceiver receiver, IOptions<RefAssuredWebhookOptions> options)
{
    /// <summary>The route parameter that carries the event segment in <c>MapRefAssuredWebhooks</c>.</summary>
    public const string EventRouteParameter = "refassuredEvent";

    // Kestrel's limit sits above the pipeline's, so the pipeline's exact 413 always comes first;
    // the margin covers the pipeline reading one buffer past its limit on a body of unknown length.
    private const long KestrelLimitMargin = 1024 * 1024;

    // A refused sender may still be uploading: after the answer, this much of the rest of its body
    // is read and discarded, for at most this long, so that the connection ends in an orderly close
    // the sender can read the answer before, not in a reset (closing a socket with unread bytes).
    private const long UnreadBodyDrainLimit = 128L * 1024 * 1024;
    private static readonly TimeSpan UnreadBodyDrainTimeout = TimeSpan.FromSeconds(5);

    private static readonly IReadOnlyDictionary<string, string> NoRouteValues = new Dictionary<string, string>();

    // The drain reads past the pipeline's limit, so Kestrel's limit leaves room for it.
    private readonly long _kestrelLimit = options.Value.MaxBodySize + KestrelLimitMargin + UnreadBodyDrainLimit;

    public async Task HandleAsync(HttpContext context, RefAssuredEventType? eventType)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit)
        {
            sizeLimit.MaxRequestBodySize = _kestrelLimit;
        }

        var outcome = await receiver.ReceiveAsync(ToReceiveRequest(context, eventType), context.RequestAborted).ConfigureAwait(false);
        await WriteAsync(context.Response, outcome, context.RequestAborted).ConfigureAwait(false);
        if (!outcome.IsAccepted)
        {
            await DrainAsync(context).ConfigureAwait(false);
        }
    }

    // Sends the answer, then reads and discards what is left of the body within the bounds above.
    private static async Task DrainAsync(HttpContext context)
    {
        if (context.Request.ContentLength == 0 || context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        try
        {
            await context.Response.CompleteAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The sender went away: there is nobody left to drain for.
            return;
        }

        await UnreadBodyDrain.DrainAsync(context.Request.Body, UnreadBodyDrainLimit, UnreadBodyDrainTimeout, TimeProvider.System).ConfigureAwait(false);
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
            Method = request.Method,
            IsHttps = request.IsHttps,
            GetHeader = name => headers.TryGetValue(name, out var values) && values.Count > 0 ? values.ToString() : null,
            ContentType = request.ContentType,
            ContentLength = request.ContentLength,
            Body = request.Body,
            RouteValues = routeValues ?? NoRouteValues,
            RemoteAddress = context.Connection.RemoteIpAddress?.ToString(),
        };
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

using System.Net;

namespace RefAssured.Sdk.HttpListener;

/// <summary>
/// Answers one request with the receiver's outcome. It translates only, every check of the
/// request is the receiver's; what it adds is what the listener lacks: a cap on requests received
/// at once, a minimum body data rate, and a close that lets a sender still uploading read its answer.
/// </summary>
internal sealed class RequestResponder(RefAssuredReceiver receiver, RefAssuredHttpListenerOptions options, HostObserver observer, IReadOnlyList<string> prefixes, CancellationToken aborted)
{
    private int _receiving;

    public async Task RespondAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;
        try
        {
            if (Interlocked.Increment(ref _receiving) > options.MaxConcurrentRequests)
            {
                Interlocked.Decrement(ref _receiving);
                await RefuseBusyAsync(request, response).ConfigureAwait(false);
                return;
            }

            bool drain;
            try
            {
                drain = await ReceiveAndAnswerAsync(request, response).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Decrement(ref _receiving);
            }

            await CloseAsync(request, response, drain).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The client went away mid-answer; nothing more can be said to it, and nothing was lost.
        catch (Exception)
#pragma warning restore CA1031
        {
            Abort(response);
        }
    }

    // Returns whether the rest of the body, if any, should be drained before closing.
    private async Task<bool> ReceiveAndAnswerAsync(HttpListenerRequest request, HttpListenerResponse response)
    {
        var body = options.MinRequestBodyDataRate > 0 && request.HasEntityBody
            ? new MinDataRateStream(request.InputStream, options.MinRequestBodyDataRate, options.MinRequestBodyDataRateGracePeriod, options.TimeProvider)
            : null;
        var outcome = await receiver.ReceiveAsync(ToReceiveRequest(request, body ?? request.InputStream), aborted).ConfigureAwait(false);
        response.StatusCode = outcome.StatusCode;
        if (outcome.Allow is { } allow)
        {
            response.AddHeader("Allow", allow);
        }

        // A refused request's body may be left unread; its connection cannot carry another request.
        var bodyMayBeLeft = !outcome.IsAccepted && request.HasEntityBody;
        await AnswerAsync(response, outcome.ContentType, outcome.Body, keepAlive: !bodyMayBeLeft).ConfigureAwait(false);

        // A sender too slow for the minimum rate is not waited for any longer.
        return bodyMayBeLeft && body?.TimedOut != true;
    }

    private async Task RefuseBusyAsync(HttpListenerRequest request, HttpListenerResponse response)
    {
        var problem = HostProblem.ServerBusy(options.MaxConcurrentRequests);
        var route = EventRoute(request.Url);
        observer.RequestRefused(problem, RefAssuredEventTypes.TryParse(route, out var type) ? type : null, request.RemoteEndPoint?.Address.ToString());
        response.StatusCode = problem.StatusCode;
        await AnswerAsync(response, RefAssuredReceiveOutcome.ProblemContentType, problem.Body, keepAlive: !request.HasEntityBody).ConfigureAwait(false);
        await CloseAsync(request, response, drain: request.HasEntityBody).ConfigureAwait(false);
    }

    private static async Task AnswerAsync(HttpListenerResponse response, string contentType, ReadOnlyMemory<byte> body, bool keepAlive)
    {
        response.ContentType = contentType;
        response.KeepAlive = keepAlive;
        response.ContentLength64 = body.Length;
        await response.OutputStream.WriteAsync(body).ConfigureAwait(false);
    }

    // The answer is on its way; reading what is left of the body lets the connection end in a close, not a reset.
    private async Task CloseAsync(HttpListenerRequest request, HttpListenerResponse response, bool drain)
    {
        if (drain)
        {
            await UnreadBodyDrain.DrainAsync(request.InputStream, options.UnreadBodyDrainLimit, options.UnreadBodyDrainTimeout, options.TimeProvider).ConfigureAwait(false);
        }

        response.Close();
    }

    private static void Abort(HttpListenerResponse response)
    {
        try
        {
            response.Abort();
        }
#pragma warning disable CA1031 // Aborting a connection that is already gone.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private RefAssuredReceiveRequest ToReceiveRequest(HttpListenerRequest request, Stream body) => new()
    {
        EventRoute = EventRoute(request.Url),
        Method = request.HttpMethod,
        IsHttps = request.IsSecureConnection,
        GetHeader = name => request.Headers[name],
        ContentType = request.ContentType,
        ContentLength = !request.HasEntityBody ? 0 : request.ContentLength64 >= 0 ? request.ContentLength64 : null,
        Body = body,
        RemoteAddress = request.RemoteEndPoint?.Address.ToString(),
    };

    // The part of the path after the longest prefix that matched: the event's route segment.
    private string? EventRoute(Uri? url)
    {
        if (url is null)
        {
            return null;
        }

        var path = url.AbsolutePath;
        string? best = null;
        foreach (var prefix in prefixes)
        {
            var prefixPath = new Uri(prefix.Replace("*", "localhost", StringComparison.Ordinal).Replace("+", "localhost", StringComparison.Ordinal)).AbsolutePath;
            if (path.StartsWith(prefixPath, StringComparison.OrdinalIgnoreCase) && (best is null || prefixPath.Length > best.Length))
            {
                best = prefixPath;
            }
        }

        return best is null ? null : Uri.UnescapeDataString(path[best.Length..]);
    }
}

using System.Net;

namespace RefAssured.Sdk.HttpListener;

public sealed partial class RefAssuredHttpListenerHost
{
    private async Task AcceptLoopAsync()
    {
        // Several accepts outstanding, so that a burst of requests is taken in without waiting on one another.
        var loops = Enumerable.Range(0, Math.Max(4, Environment.ProcessorCount * 2)).Select(_ => Task.Run(AcceptAsync));
        await Task.WhenAll(loops).ConfigureAwait(false);
    }

    private async Task AcceptAsync()
    {
        while (Volatile.Read(ref _state) == 1)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                // Stopping closes the listener under a pending accept.
                if (Volatile.Read(ref _state) != 1)
                {
                    return;
                }

                continue;
            }

            var request = Task.Run(() => RespondAsync(context));
            lock (_requests)
            {
                _requests.RemoveAll(t => t.IsCompleted);
                _requests.Add(request);
            }
        }
    }

    private async Task RespondAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;
        try
        {
            var outcome = await ReceiveAsync(request).ConfigureAwait(false);
            response.StatusCode = outcome.StatusCode;
            response.ContentType = outcome.ContentType;
            if (outcome.Allow is { } allow)
            {
                response.AddHeader("Allow", allow);
            }

            if (!outcome.IsAccepted && request.HasEntityBody)
            {
                // The body may be left unread; the connection cannot carry another request after it.
                response.KeepAlive = false;
            }

            response.ContentLength64 = outcome.Body.Length;
            await response.OutputStream.WriteAsync(outcome.Body).ConfigureAwait(false);
            response.Close();
        }
#pragma warning disable CA1031 // The client went away mid-answer; nothing more can be said to it, and nothing was lost.
        catch (Exception)
#pragma warning restore CA1031
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
    }

    // Translates only: every check, 403 and 405 included, is the receiver's.
    private Task<RefAssuredReceiveOutcome> ReceiveAsync(HttpListenerRequest request) =>
        _receiver.ReceiveAsync(
            new RefAssuredReceiveRequest
            {
                EventRoute = EventRoute(request.Url),
                Method = request.HttpMethod,
                IsHttps = request.IsSecureConnection,
                GetHeader = name => request.Headers[name],
                ContentType = request.ContentType,
                ContentLength = !request.HasEntityBody ? 0 : request.ContentLength64 >= 0 ? request.ContentLength64 : null,
                Body = request.InputStream,
                RemoteAddress = request.RemoteEndPoint?.Address.ToString(),
            },
            _stopping.Token);

    // The part of the path after the prefix that matched: the event's route segment.
    private string? EventRoute(Uri? url)
    {
        if (url is null)
        {
            return null;
        }

        var path = url.AbsolutePath;
        string? best = null;
        foreach (var prefix in _options.Prefixes)
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

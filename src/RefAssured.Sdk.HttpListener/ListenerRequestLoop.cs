using System.Net;
using Listener = System.Net.HttpListener;

namespace RefAssured.Sdk.HttpListener;

/// <summary>
/// Accepts requests from the listener, several at once so that a burst is taken in without
/// waiting, and answers each with the receiver's outcome. It translates only: every check is
/// the receiver's.
/// </summary>
internal sealed class ListenerRequestLoop(Listener listener, RefAssuredReceiver receiver, IReadOnlyList<string> prefixes, CancellationToken aborted)
{
    private readonly List<Task> _requests = [];
    private volatile bool _stopping;
    private Task? _loop;

    /// <summary>Starts accepting on the thread pool; the listener must be started.</summary>
    public void Start()
    {
        var accepts = Math.Max(4, Environment.ProcessorCount * 2);
        _loop = Task.WhenAll(Enumerable.Range(0, accepts).Select(_ => Task.Run(AcceptAsync)));
    }

    /// <summary>Stops accepting, stops the listener, then waits for the requests being answered, at most <paramref name="drainTimeout"/>.</summary>
    public async Task StopAsync(TimeSpan drainTimeout, TimeProvider timeProvider)
    {
        _stopping = true;
        listener.Stop();
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        Task[] requests;
        lock (_requests)
        {
            requests = [.. _requests];
        }

        await Task.WhenAny(Task.WhenAll(requests), Task.Delay(drainTimeout, timeProvider, CancellationToken.None)).ConfigureAwait(false);
    }

    private async Task AcceptAsync()
    {
        while (!_stopping)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                // Stopping closes the listener under a pending accept; any other failure is one request's.
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
            var outcome = await receiver.ReceiveAsync(ToReceiveRequest(request), aborted).ConfigureAwait(false);
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

    private RefAssuredReceiveRequest ToReceiveRequest(HttpListenerRequest request) => new()
    {
        EventRoute = EventRoute(request.Url),
        Method = request.HttpMethod,
        IsHttps = request.IsSecureConnection,
        GetHeader = name => request.Headers[name],
        ContentType = request.ContentType,
        ContentLength = !request.HasEntityBody ? 0 : request.ContentLength64 >= 0 ? request.ContentLength64 : null,
        Body = request.InputStream,
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

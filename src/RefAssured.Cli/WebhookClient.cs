using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace RefAssured.Cli;

/// <summary>
/// Posts payloads the way RefAssured does: a POST with <c>Content-Type: application/json</c> and
/// the key in <c>x-refassured-key</c>. Redirects are not followed, as the sender does not follow them.
/// </summary>
internal sealed class WebhookClient : IDisposable
{
    private readonly HttpClient client;

    public WebhookClient(TimeSpan timeout, int maxConnections = 16)
    {
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false, MaxConnectionsPerServer = maxConnections, ConnectTimeout = timeout };
        client = new HttpClient(handler) { Timeout = timeout };
    }

    /// <summary>
    /// The URL of one event: <paramref name="url"/> itself when it ends in that event's segment, or a base URL
    /// with the event's segment added. A URL ending in another event's segment is a usage error.
    /// </summary>
    public static Uri EventUrl(Uri url, RefAssuredEventType type)
    {
        var route = RefAssuredEventTypes.GetRouteName(type);
        if (LastEventSegment(url) is { } last)
        {
            return last == type
                ? url
                : throw CliException.Usage($"The URL {url} is the {RefAssuredEventTypes.GetRouteName(last)} endpoint, not {route}'s: give the base URL or the {route} URL.");
        }

        return new UriBuilder(url) { Path = url.AbsolutePath.TrimEnd('/') + "/" + route }.Uri;
    }

    /// <summary>The base URL under which the events are mapped: <paramref name="url"/> without a trailing event segment.</summary>
    public static Uri BaseUrl(Uri url)
    {
        if (LastEventSegment(url) is null)
        {
            return url;
        }

        var path = url.AbsolutePath.TrimEnd('/');
        return new UriBuilder(url) { Path = path[..path.LastIndexOf('/')] }.Uri;
    }

    private static RefAssuredEventType? LastEventSegment(Uri url)
    {
        var path = url.AbsolutePath.TrimEnd('/');
        return RefAssuredEventTypes.TryParse(path[(path.LastIndexOf('/') + 1)..], out var type) ? type : null;
    }

    public static Uri ParseUrl(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw CliException.Usage($"Invalid URL '{text}': give an absolute http:// or https:// URL, such as https://example.com/webhooks/refassured.");
        }

        return url;
    }

    public Task<DeliveryResult> PostAsync(Uri url, byte[] body, string? key, CancellationToken cancellationToken)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return PostAsync(url, content, key, cancellationToken);
    }

    /// <summary>Posts <paramref name="content"/>, which the request disposes, with <paramref name="key"/> when there is one.</summary>
    public async Task<DeliveryResult> PostAsync(Uri url, HttpContent content, string? key, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation(RefAssuredReceiver.KeyHeaderName, key);
        }

        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var answer = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return new DeliveryResult((int)response.StatusCode, answer, watch.Elapsed, null);
        }
        catch (HttpRequestException ex)
        {
            return new DeliveryResult(null, "", watch.Elapsed, Describe(ex, url));
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new DeliveryResult(null, "", watch.Elapsed, $"No answer from {url} within {client.Timeout.TotalSeconds:0} s.");
        }
    }

    private static string Describe(HttpRequestException ex, Uri url)
    {
        var innermost = (Exception)ex;
        SocketException? socket = null;
        for (var current = (Exception?)ex; current is not null; current = current.InnerException)
        {
            innermost = current;
            socket ??= current as SocketException;
        }

        return socket?.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => $"Connection refused by {url.Host}:{url.Port}: nothing listens there.",
            SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => $"Host '{url.Host}' not found.",
            SocketError.TimedOut => $"Connecting to {url.Host}:{url.Port} timed out.",
            _ => $"The request to {url} failed: {innermost.Message}",
        };
    }

    public void Dispose() => client.Dispose();
}

/// <summary>What one POST got: a status and answer, or the transport error that prevented one.</summary>
internal sealed record DeliveryResult(int? Status, string Answer, TimeSpan Elapsed, string? Error);

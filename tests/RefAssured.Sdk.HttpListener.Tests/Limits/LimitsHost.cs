using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;

namespace RefAssured.Sdk.HttpListener.Tests.Limits;

/// <summary>A running host on 127.0.0.1 with an in-memory inbox, handlers that do nothing, and its log; for the host's own limits.</summary>
internal sealed class LimitsHost : IAsyncDisposable
{
    public const string Key = "limits-test-key";

    private readonly ConcurrentQueue<string> _log = new();
    private RefAssuredHttpListenerHost _host = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public InMemoryRefAssuredInbox Inbox { get; } = new();

    public IReadOnlyList<string> LogLines => [.. _log];

    public static async Task<LimitsHost> StartAsync(Action<RefAssuredHttpListenerOptions>? configure = null, Func<System.Net.HttpListener, Task<HttpListenerContext>>? accept = null)
    {
        var host = new LimitsHost();
        var port = RefAssuredHttpListenerHostTests.FreePort();
        host.BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        var options = new RefAssuredHttpListenerOptions
        {
            Keys = new RefAssuredKeySet(Key),
            Inbox = host.Inbox,
            Log = host._log.Enqueue,
            Worker = new RefAssuredWorkerOptions { ShutdownTimeout = TimeSpan.FromSeconds(1) },
        };
        options.Prefixes.Add($"http://127.0.0.1:{port}/hooks/");
        configure?.Invoke(options);
        var dispatcher = new RefAssuredDispatcherBuilder().On<CandidateNote>((_, _, _) => Task.CompletedTask).On<SalesOptIn>((_, _, _) => Task.CompletedTask).Build();
        host._host = new RefAssuredHttpListenerHost(options, dispatcher, accept);
        await host._host.StartAsync(TestContext.Current.CancellationToken);
        return host;
    }

    public static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", name + ".json"));

    public async Task<(HttpStatusCode Status, string Body)> PostAsync(string route, HttpContent content, bool chunked = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(BaseAddress, "hooks/" + route)) { Content = content };
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
        request.Headers.TransferEncodingChunked = chunked;
        request.Headers.TryAddWithoutValidation("x-refassured-key", Key);
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(120) };
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>Opens a connection and sends a request head that declares a body, and the first bytes of it; the rest never comes.</summary>
    public async Task<System.Net.Sockets.TcpClient> HoldOpenAsync(string route)
    {
        var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(BaseAddress.Host, BaseAddress.Port, TestContext.Current.CancellationToken);
        var head = $"POST /hooks/{route} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 5000\r\nx-refassured-key: {Key}\r\n\r\n{{\"textNote\":";
        await client.GetStream().WriteAsync(System.Text.Encoding.ASCII.GetBytes(head), TestContext.Current.CancellationToken);
        return client;
    }

    public Task WaitUntilAsync(Func<bool> condition, string what) => WaitUntilAsync(() => Task.FromResult(condition()), what);

    public async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"{what} did not happen within 60 s; the log so far:\n" + string.Join('\n', LogLines));
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}

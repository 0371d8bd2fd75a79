using System.Net;
using System.Net.Sockets;

namespace RefAssured.Sdk.HttpListener.Tests;

public sealed class RefAssuredHttpListenerHostTests
{
    [Fact]
    public void Constructor_InvalidOptions_ListsEveryProblem()
    {
        var options = new RefAssuredHttpListenerOptions { MaxBodySize = 0 };
        options.Prefixes.Add("http://127.0.0.1:5000/no-trailing-slash");

        var ex = Assert.Throws<ArgumentException>(() => new RefAssuredHttpListenerHost(options, new RefAssuredDispatcherBuilder().Build()));

        Assert.Contains("must be an absolute http:// or https:// URL ending in '/'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("REFASSURED_WEBHOOK_KEY", ex.Message, StringComparison.Ordinal);
        Assert.Contains("MaxBodySize", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_InvalidLimits_ListsEveryProblem()
    {
        var options = new RefAssuredHttpListenerOptions
        {
            Keys = new RefAssuredKeySet("k"),
            MaxConcurrentRequests = 0,
            MinRequestBodyDataRate = -1,
            RequestHeadersTimeout = TimeSpan.Zero,
            UnreadBodyDrainLimit = -1,
            UnreadBodyDrainTimeout = TimeSpan.FromSeconds(-1),
        };
        options.Prefixes.Add("http://127.0.0.1:5000/hooks/");

        var ex = Assert.Throws<ArgumentException>(() => new RefAssuredHttpListenerHost(options, new RefAssuredDispatcherBuilder().Build()));

        Assert.Contains("MaxConcurrentRequests must be positive", ex.Message, StringComparison.Ordinal);
        Assert.Contains("MinRequestBodyDataRate must be 0 (off)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("RequestHeadersTimeout must be positive", ex.Message, StringComparison.Ordinal);
        Assert.Contains("UnreadBodyDrainLimit must not be negative", ex.Message, StringComparison.Ordinal);
        Assert.Contains("UnreadBodyDrainTimeout must not be negative", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_NoPrefix_SaysHowToAddOne()
    {
        var ex = Assert.Throws<ArgumentException>(() => new RefAssuredHttpListenerHost(new RefAssuredHttpListenerOptions { Keys = new RefAssuredKeySet("k") }, new RefAssuredDispatcherBuilder().Build()));

        Assert.Contains("Add at least one prefix", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_PortInUse_ThrowsAndCanStillBeDisposed()
    {
        using var occupied = new TcpListener(IPAddress.Loopback, 0);
        occupied.Start();
        var port = ((IPEndPoint)occupied.LocalEndpoint).Port;
        var options = new RefAssuredHttpListenerOptions { Keys = new RefAssuredKeySet("k"), Inbox = new InMemoryRefAssuredInbox() };
        options.Prefixes.Add($"http://127.0.0.1:{port}/webhooks/");
        var host = new RefAssuredHttpListenerHost(options, new RefAssuredDispatcherBuilder().Build());

        await Assert.ThrowsAsync<HttpListenerException>(() => host.StartAsync(TestContext.Current.CancellationToken));
        await host.DisposeAsync();
        await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Stop_WhileAnotherSocketTakesThePort_StillStopsAndDisposes()
    {
        var port = FreePort();
        var options = new RefAssuredHttpListenerOptions { Keys = new RefAssuredKeySet("k"), Inbox = new InMemoryRefAssuredInbox(), RequestDrainTimeout = TimeSpan.FromSeconds(1) };
        options.Prefixes.Add($"http://127.0.0.1:{port}/hooks/");
        var host = new RefAssuredHttpListenerHost(options, new RefAssuredDispatcherBuilder().Build());
        await host.StartAsync(TestContext.Current.CancellationToken);

        // A request still arriving keeps the stop waiting after the host stopped listening.
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, TestContext.Current.CancellationToken);
        var head = $"POST /hooks/salesoptin HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nx-refassured-key: k\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{{";
        await client.GetStream().WriteAsync(System.Text.Encoding.ASCII.GetBytes(head), TestContext.Current.CancellationToken);
        await Task.Delay(200, TestContext.Current.CancellationToken);
        var stopping = host.StopAsync(TestContext.Current.CancellationToken);
        using var taker = await TakePortAsync(port);

        await stopping;
        await host.DisposeAsync();

        Assert.Equal([$"http://127.0.0.1:{port}/hooks/"], host.Prefixes);
    }

    [Theory]
    [InlineData(typeof(FileRefAssuredInboxOptions))]
    [InlineData(typeof(RefAssuredWorkerOptions))]
    public void OptionsGivenToTheInboxAndWorker_KeepEverySetting(Type optionsType)
    {
        // The host copies these options to add its observer; a setting left out of the copy would be silently ignored.
        var options = Activator.CreateInstance(optionsType)!;
        var settings = optionsType.GetProperties().Where(p => p.CanWrite && p.Name != nameof(RefAssuredWorkerOptions.Observer)).ToList();
        foreach (var setting in settings)
        {
            setting.SetValue(options, NonDefault(setting.PropertyType));
        }

        var copy = typeof(RefAssuredHttpListenerHost)
            .GetMethod("WithObserver", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static, [optionsType, typeof(RefAssuredObserver)])!
            .Invoke(null, [options, new SilentObserver()])!;

        Assert.NotEmpty(settings);
        Assert.All(settings, setting => Assert.Equal(setting.GetValue(options), setting.GetValue(copy)));
    }

    [Fact]
    public async Task Handlers_FromServiceProvider_HandleTheirEvents()
    {
        var seen = new List<string>();
        var services = new Services(new LeadHandler(seen));
        var port = FreePort();
        var options = new RefAssuredHttpListenerOptions { Keys = new RefAssuredKeySet("k"), Inbox = new InMemoryRefAssuredInbox() };
        options.Prefixes.Add($"http://127.0.0.1:{port}/hooks/");
        await using var host = new RefAssuredHttpListenerHost(options, services);
        await host.StartAsync(TestContext.Current.CancellationToken);
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{port}/hooks/salesoptin") { Content = new ByteArrayContent(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "sales-optin.json"))) };
        request.Headers.Add("x-refassured-key", "k");

        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Count(seen) == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        lock (seen)
        {
            Assert.Equal(["Acme Corp"], seen);
        }
    }

    private sealed class SilentObserver : RefAssuredObserver;

    private static object NonDefault(Type type) => type switch
    {
        _ when type == typeof(string) => "/tmp/refassured-copied",
        _ when type == typeof(int) => 7,
        _ when type == typeof(bool) => true,
        _ when type == typeof(long) || type == typeof(long?) => 123_456_789L,
        _ when type == typeof(TimeSpan) || type == typeof(TimeSpan?) => TimeSpan.FromMinutes(17),
        _ when type == typeof(RefAssuredRetryPolicy) => new RefAssuredRetryPolicy { MaxAttempts = 9 },
        _ => throw new InvalidOperationException($"Give a setting of type {type.Name} a value here."),
    };

    // Listens on the port as soon as it is free again.
    private static async Task<TcpListener> TakePortAsync(int port)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var taker = new TcpListener(IPAddress.Loopback, port);
            try
            {
                taker.Start();
                return taker;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                taker.Dispose();
                await Task.Delay(10, TestContext.Current.CancellationToken);
            }
        }
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static int Count(List<string> list)
    {
        lock (list)
        {
            return list.Count;
        }
    }

    private sealed class LeadHandler(List<string> seen) : IRefAssuredHandler<SalesOptIn>
    {
        public Task HandleAsync(SalesOptIn evt, RefAssuredEventContext context, CancellationToken cancellationToken)
        {
            lock (seen)
            {
                seen.Add(evt.CompanyName!);
            }

            return Task.CompletedTask;
        }
    }

    private sealed class Services(IRefAssuredHandler<SalesOptIn> lead) : IServiceProvider
    {
        public object? GetService(Type serviceType) =>
            serviceType == typeof(IEnumerable<IRefAssuredHandler<SalesOptIn>>) ? new[] { lead } : null;
    }
}

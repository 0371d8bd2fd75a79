using System.Net;
using System.Net.Sockets;
using RefAssured.Sdk.HttpListener;

namespace RefAssured.Cli.Tests;

/// <summary>
/// A real receiver for the tool to talk to: the HttpListener host on a free loopback port, with an
/// in-memory inbox and handlers that record each event they see.
/// </summary>
internal sealed class Receiver : IAsyncDisposable
{
    public const string Key = "test-key-7f3a";

    private readonly RefAssuredHttpListenerHost host;
    private readonly List<RefAssuredEventType> seen = [];

    private Receiver(int port)
    {
        BaseUrl = $"http://127.0.0.1:{port}/webhooks/refassured";
        var options = new RefAssuredHttpListenerOptions { Keys = new RefAssuredKeySet(Key), Inbox = new InMemoryRefAssuredInbox() };
        options.Prefixes.Add(BaseUrl + "/");
        var dispatcher = new RefAssuredDispatcherBuilder()
            .On<SalesOptIn>((_, _, _) => Record(RefAssuredEventType.SalesOptIn))
            .On<CandidateOptIn>((_, _, _) => Record(RefAssuredEventType.CandidateOptIn))
            .On<CandidateNote>((_, _, _) => Record(RefAssuredEventType.CandidateNote))
            .On<ReferenceReport>((_, _, _) => Record(RefAssuredEventType.ReferenceReport))
            .Build();
        host = new RefAssuredHttpListenerHost(options, dispatcher);
    }

    public string BaseUrl { get; }

    public static async Task<Receiver> StartAsync()
    {
        var receiver = new Receiver(FreePort());
        await receiver.host.StartAsync(TestContext.Current.CancellationToken);
        return receiver;
    }

    /// <summary>Waits until the handlers have seen <paramref name="count"/> events of <paramref name="type"/>, or 30 seconds pass.</summary>
    public async Task<int> WaitForAsync(RefAssuredEventType type, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Seen(type) < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        return Seen(type);
    }

    public int Seen(RefAssuredEventType type)
    {
        lock (seen)
        {
            return seen.Count(t => t == type);
        }
    }

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    private Task Record(RefAssuredEventType type)
    {
        lock (seen)
        {
            seen.Add(type);
        }

        return Task.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

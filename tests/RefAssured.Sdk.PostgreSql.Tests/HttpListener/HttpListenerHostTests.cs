using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using RefAssured.Sdk.HttpListener;
using RefAssured.Sdk.PostgreSql.Tests.Infrastructure;
using RefAssured.Sdk.Testing;
using static RefAssured.Sdk.PostgreSql.Tests.Infrastructure.InboxTesting;

namespace RefAssured.Sdk.PostgreSql.Tests.HttpListener;

/// <summary>The HttpListener host with the PostgreSQL inbox given in its options, answering real requests.</summary>
public sealed class HttpListenerHostTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private const string Key = "test-key";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Delivery_IsAnswered200OnceCommitted_AndHandledFromTheDatabase()
    {
        var schema = NewSchema("listener");
        await using var inbox = NewInbox(database, schema);
        var handled = new ConcurrentQueue<string>();
        var (host, url) = await StartAsync(inbox, handled);
        await using var _ = host;
        using var client = new HttpClient();

        using var response = await client.SendAsync(Request(url), Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The 200 came after the commit: the row is there whatever the worker has done since.
        Assert.Equal(1L, await database.ScalarAsync($"SELECT count(*) FROM {schema}.deliveries"));
        await Wait.UntilAsync(() => !handled.IsEmpty, "the delivery to be handled", TimeSpan.FromSeconds(30));

        Assert.Contains(Assert.Single(handled), await response.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
        await Wait.UntilAsync(
            async () => (long)(await database.ScalarAsync($"SELECT count(*) FROM {schema}.deliveries WHERE state = 5"))! == 1,
            "the completion to be recorded",
            TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task DatabaseUnreachable_IsAnswered503WithAProblemBody()
    {
        await using var inbox = new PostgreSqlRefAssuredInbox(new PostgreSqlRefAssuredInboxOptions { ConnectionString = $"Host=127.0.0.1;Port={FreePort()};Username=postgres;Timeout=5" });
        var (host, url) = await StartAsync(inbox, new ConcurrentQueue<string>());
        await using var _ = host;
        using var client = new HttpClient();

        using var response = await client.SendAsync(Request(url), Cancellation);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("127.0.0.1", await response.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
    }

    private static async Task<(RefAssuredHttpListenerHost Host, string Url)> StartAsync(PostgreSqlRefAssuredInbox inbox, ConcurrentQueue<string> handled)
    {
        var prefix = $"http://127.0.0.1:{FreePort()}/webhooks/";
        var options = new RefAssuredHttpListenerOptions { Keys = new RefAssuredKeySet(Key), Inbox = inbox };
        options.Prefixes.Add(prefix);
        var dispatcher = new RefAssuredDispatcherBuilder()
            .On<SalesOptIn>((_, context, _) =>
            {
                handled.Enqueue(context.DeliveryId);
                return Task.CompletedTask;
            })
            .Build();
        var host = new RefAssuredHttpListenerHost(options, dispatcher);
        await host.StartAsync(Cancellation);
        return (host, prefix + "sales-optin");
    }

    private static HttpRequestMessage Request(string url) => new(HttpMethod.Post, url)
    {
        Headers = { { "x-refassured-key", Key } },
        Content = new StringContent("""{"referenceRequestId":1,"personFirst":"Jane"}""", Encoding.UTF8, "application/json"),
    };

    private static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}

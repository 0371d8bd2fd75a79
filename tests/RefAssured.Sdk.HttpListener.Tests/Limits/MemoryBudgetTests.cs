using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RefAssured.Sdk.HttpListener.Tests.Limits;

/// <summary>
/// <see cref="RefAssuredHttpListenerOptions.MaxBufferedBytes"/> bounds the body bytes held in
/// memory across requests: while one sender holds part of a large body, another body that would
/// go past the budget is answered 503; once the first is gone, it is accepted.
/// </summary>
public sealed class MemoryBudgetTests
{
    private const int Budget = 64 * 1024;

    [Fact]
    public async Task BodyPastTheBudget_WhileAnotherIsHeldHalfSent_Gets503_AndIsAcceptedOnceTheBudgetIsFree()
    {
        await using var host = await LimitsHost.StartAsync(o =>
        {
            o.MaxBodySize = Budget;
            o.MaxBufferedBytes = Budget;
            o.MinRequestBodyDataRate = 0;
        });
        var padded = Padded(LimitsHost.Fixture("candidate-notes"), 30_000);
        (HttpStatusCode Status, string Body) refused = default;

        var held = await HoldHalfSentAsync(host, declared: 60_000, sent: 40_000);
        try
        {
            // The held body reaches the host in its own time; once its bytes are counted, the next
            // body is refused. Should the next body's bytes be counted first, the held one is the
            // one refused: it has an answer waiting, and another is held in its place.
            await host.WaitUntilAsync(
                async () =>
                {
                    if (held.Available > 0)
                    {
                        held.Dispose();
                        held = await HoldHalfSentAsync(host, declared: 60_000, sent: 40_000);
                    }

                    refused = await host.PostAsync("candidate-notes", new ByteArrayContent(padded));
                    return refused.Status == HttpStatusCode.ServiceUnavailable;
                },
                "A 503 for the body past the memory budget");
        }
        finally
        {
            held.Dispose();
        }

        Assert.Contains("\"type\":\"urn:refassured-sdk:problem:store-unavailable\"", refused.Body, StringComparison.Ordinal);
        await host.WaitUntilAsync(
            async () => (await host.PostAsync("candidate-notes", new ByteArrayContent(padded))).Status == HttpStatusCode.OK,
            "A 200 once the held body was gone");
    }

    [Fact]
    public void Options_BudgetBelowTheBodyLimit_AreRefusedNamingBoth()
    {
        var options = new RefAssuredHttpListenerOptions { Keys = new RefAssuredKeySet("k"), MaxBodySize = 2048, MaxBufferedBytes = 1024 };
        options.Prefixes.Add("http://127.0.0.1:5999/hooks/");

        var ex = Assert.Throws<ArgumentException>(() => new RefAssuredHttpListenerHost(options, new RefAssuredDispatcherBuilder().Build()));

        Assert.Contains("MaxBufferedBytes must be at least MaxBodySize (2048)", ex.Message, StringComparison.Ordinal);
    }

    // The fixture with an unknown string field in front, so that the body is about `length` bytes.
    private static byte[] Padded(byte[] fixture, int length)
    {
        var json = Encoding.UTF8.GetString(fixture).TrimStart();
        return Encoding.UTF8.GetBytes("{\"padding\":\"" + new string('x', length - json.Length) + "\"," + json[1..]);
    }

    private static async Task<TcpClient> HoldHalfSentAsync(LimitsHost host, int declared, int sent)
    {
        var client = new TcpClient();
        await client.ConnectAsync(host.BaseAddress.Host, host.BaseAddress.Port, TestContext.Current.CancellationToken);
        var head = $"POST /hooks/candidate-notes HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {declared}\r\nx-refassured-key: {LimitsHost.Key}\r\n\r\n{{\"padding\":\"";
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), TestContext.Current.CancellationToken);
        await stream.WriteAsync(Encoding.ASCII.GetBytes(new string('x', sent)), TestContext.Current.CancellationToken);
        return client;
    }
}

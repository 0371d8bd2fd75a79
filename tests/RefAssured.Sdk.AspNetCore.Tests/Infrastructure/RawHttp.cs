using System.Net.Sockets;
using System.Text;

namespace RefAssured.Sdk.AspNetCore.Tests;

/// <summary>HTTP/1.1 over a plain socket, for requests no well-behaved client sends: a body that never comes, or stops short.</summary>
internal static class RawHttp
{
    /// <summary>Sends the head and part of a body, optionally closes the sending side, and returns the response's status line.</summary>
    public static async Task<string> SendAsync(Uri baseAddress, string head, byte[] bodyPart, bool closeSending)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(baseAddress.Host, baseAddress.Port, TestContext.Current.CancellationToken);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ReplaceLineEndings("\r\n") + "\r\n"), TestContext.Current.CancellationToken);
        await stream.WriteAsync(bodyPart, TestContext.Current.CancellationToken);
        await stream.FlushAsync(TestContext.Current.CancellationToken);
        if (closeSending)
        {
            client.Client.Shutdown(SocketShutdown.Send);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var buffer = new byte[8192];
        var received = new StringBuilder();
        while (!received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            if (read == 0)
            {
                break;
            }

            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return received.ToString();
    }
}

using System.Net.Sockets;
using System.Text;

namespace RefAssured.Sdk.Conformance;

/// <summary>Sends hand-written HTTP/1.1 over a socket, for requests an HTTP client refuses to make.</summary>
public static class RawHttp
{
    /// <summary>Sends a request head (lines joined with CRLF) and some body bytes, then reads the answer's first bytes.</summary>
    /// <param name="address">The host's address.</param>
    /// <param name="head">The request line and headers, ending with an empty line.</param>
    /// <param name="body">Body bytes to send after the head, possibly fewer than declared.</param>
    /// <param name="closeSending">Whether to shut the sending side afterwards (a client that gives up).</param>
    /// <returns>What the host answered, as text; empty when it closed without answering.</returns>
    public static async Task<string> SendAsync(Uri address, string head, byte[] body, bool closeSending)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(address.Host, address.Port);
        var stream = client.GetStream();
        var text = head.ReplaceLineEndings("\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(text));
        await stream.WriteAsync(body);
        await stream.FlushAsync();
        if (closeSending)
        {
            client.Client.Shutdown(SocketShutdown.Send);
        }

        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            return Encoding.ASCII.GetString(buffer, 0, read);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException)
        {
            return string.Empty;
        }
    }
}

using System.Net.Sockets;
using System.Text;

namespace RefAssured.Sdk.Conformance;

/// <summary>
/// HTTP/1.1 over a plain socket, for requests no well-behaved client sends: a body that never
/// comes, stops short, or is malformed. Every test project that drives a real host links this file.
/// </summary>
public static class RawHttp
{
    /// <summary>Sends a request head and some body bytes, then reads the answer up to the end of its head.</summary>
    /// <param name="address">The host's address.</param>
    /// <param name="head">The request line and headers, ending with the empty line; line ends become CRLF.</param>
    /// <param name="body">Body bytes to send after the head, possibly fewer than declared, or malformed.</param>
    /// <param name="closeSending">Whether to shut the sending side afterwards, as a client that gives up does.</param>
    /// <returns>What the host answered, at least its status line and headers; empty when it closed, reset or stayed silent for 30 s.</returns>
    public static async Task<string> SendAsync(Uri address, string head, byte[] body, bool closeSending)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var client = new TcpClient();
        await client.ConnectAsync(address.Host, address.Port, cancellationToken);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ReplaceLineEndings("\r\n")), cancellationToken);
        await stream.WriteAsync(body, cancellationToken);
        await stream.FlushAsync(cancellationToken);
        if (closeSending)
        {
            client.Client.Shutdown(SocketShutdown.Send);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var buffer = new byte[8192];
        var received = new StringBuilder();
        try
        {
            while (!received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var read = await stream.ReadAsync(buffer, timeout.Token);
                if (read == 0)
                {
                    break;
                }

                received.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
        }
        catch (Exception ex) when (ex is IOException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // The host reset the connection or said nothing: what arrived so far is the answer.
        }

        return received.ToString();
    }
    /// <summary>
    /// Sends a request head, then its body one byte per <paramref name="interval"/>, reading at the
    /// same time, until the host answers or closes, the body is sent, or <paramref name="giveUpAfter"/> passed.
    /// </summary>
    /// <param name="address">The host's address.</param>
    /// <param name="head">The request line and headers, ending with the empty line; line ends become CRLF.</param>
    /// <param name="body">The body to trickle.</param>
    /// <param name="interval">The pause after each byte.</param>
    /// <param name="giveUpAfter">How long to go on at most.</param>
    /// <returns>What the host answered (empty when it closed or reset without an answer), and how many body bytes were sent by then.</returns>
    public static async Task<(string Answer, int Sent, bool Ended)> TrickleAsync(Uri address, string head, byte[] body, TimeSpan interval, TimeSpan giveUpAfter)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var client = new TcpClient();
        await client.ConnectAsync(address.Host, address.Port, cancellationToken);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ReplaceLineEndings("\r\n")), cancellationToken);
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        giveUp.CancelAfter(giveUpAfter);
        var received = new StringBuilder();
        var reading = Task.Run(async () =>
        {
            var buffer = new byte[8192];
            try
            {
                int read;
                while ((read = await stream.ReadAsync(buffer, giveUp.Token)) > 0)
                {
                    lock (received)
                    {
                        received.Append(Encoding.ASCII.GetString(buffer, 0, read));
                    }
                }

                return true;
            }
            catch (IOException)
            {
                return true;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }, cancellationToken);

        var sent = 0;
        try
        {
            while (sent < body.Length && !reading.IsCompleted)
            {
                await stream.WriteAsync(body.AsMemory(sent, 1), giveUp.Token);
                sent++;
                await Task.WhenAny(reading, Task.Delay(interval, giveUp.Token));
            }
        }
        catch (Exception ex) when (ex is IOException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // The host closed or reset the connection, or the time is up.
        }

        var ended = await reading;
        lock (received)
        {
            return (received.ToString(), sent, ended);
        }
    }
}

using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace RefAssured.Sdk.Conformance;

/// <summary>
/// Hostile clients over plain sockets: connections that send a request head a few bytes a second
/// and never finish it, and authenticated senders that declare a large body and trickle it.
/// A client whose connection the host closes or answers opens a new one, so the pressure stays
/// until <see cref="StopAsync"/>; what the host did to them is counted.
/// </summary>
internal sealed class HostileAttack : IAsyncDisposable
{
    private const int TrickleSlice = 16 * 1024;
    private static readonly TimeSpan TrickleInterval = TimeSpan.FromMilliseconds(250);

    private readonly Uri _events;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _clients = [];
    private readonly Dictionary<string, int> _trickleAnswers = [];
    private int _slowConnected;
    private int _slowOpen;
    private int _slowEndedByHost;
    private int _trickleStarted;
    private int _trickleEndedWithoutAnswer;
    private long _trickledBytes;

    /// <param name="events">The address events are posted under, ending in <c>/</c>, for example <c>http://127.0.0.1:5000/webhooks/refassured/</c>.</param>
    public HostileAttack(Uri events) => _events = events;

    /// <summary>Gets how many slow-head connections were opened so far, new ones after a close included.</summary>
    public int SlowConnected => Volatile.Read(ref _slowConnected);

    /// <summary>Gets how many slow-head connections are open now.</summary>
    public int SlowOpen => Volatile.Read(ref _slowOpen);

    /// <summary>Gets how many body bytes the trickling senders have sent so far.</summary>
    public long TrickledBytes => Interlocked.Read(ref _trickledBytes);

    /// <summary>Gets how many trickling requests were started so far.</summary>
    public int TrickleStarted => Volatile.Read(ref _trickleStarted);

    /// <summary>Starts <paramref name="count"/> connections that send a request head at about two bytes a second, spread over a second or two.</summary>
    public void StartSlowHeaders(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var delay = TimeSpan.FromMilliseconds(i * 2);
            _clients.Add(Task.Run(() => SlowHeadersAsync(delay)));
        }
    }

    /// <summary>Starts <paramref name="count"/> senders with the right key that declare <paramref name="bodySize"/> bytes and send them at <paramref name="bytesPerSecond"/>.</summary>
    public void StartTricklingBodies(int count, string key, long bodySize, int bytesPerSecond)
    {
        for (var i = 0; i < count; i++)
        {
            _clients.Add(Task.Run(() => TrickleAsync(key, bodySize, bytesPerSecond)));
        }
    }

    /// <summary>Closes every hostile connection and waits for the clients to end.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_clients);
    }

    /// <summary>Describes what the host did to the hostile clients, in one line.</summary>
    public string Describe()
    {
        string answers;
        lock (_trickleAnswers)
        {
            answers = _trickleAnswers.Count == 0 ? "none" : string.Join(", ", _trickleAnswers.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key} x{a.Value}"));
        }

        return string.Create(CultureInfo.InvariantCulture, $"slow heads: {SlowConnected} connections opened, {Volatile.Read(ref _slowEndedByHost)} closed or answered by the host, {SlowOpen} open at the end; trickling bodies: {TrickleStarted} requests, {TrickledBytes / (1024 * 1024)} MiB sent, answers {answers}, {Volatile.Read(ref _trickleEndedWithoutAnswer)} ended without an answer");
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private async Task SlowHeadersAsync(TimeSpan startDelay)
    {
        var stop = _stop.Token;
        var head = Encoding.ASCII.GetBytes($"POST {_events.AbsolutePath}sales-optin HTTP/1.1\r\nHost: {_events.Authority}\r\nX-Slow: ");
        await PauseAsync(startDelay, stop);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var client = await ConnectAsync(stop);
                Interlocked.Increment(ref _slowConnected);
                Interlocked.Increment(ref _slowOpen);
                try
                {
                    var stream = client.GetStream();
                    await stream.WriteAsync(head, stop);
                    var hostEnded = stream.ReadAsync(new byte[256], stop).AsTask();
                    while (!hostEnded.IsCompleted)
                    {
                        await Task.WhenAny(hostEnded, Task.Delay(TimeSpan.FromSeconds(1), stop));
                        if (!hostEnded.IsCompleted)
                        {
                            await stream.WriteAsync("ab"u8.ToArray(), stop);
                        }
                    }

                    await hostEnded;
                    Interlocked.Increment(ref _slowEndedByHost);
                }
                finally
                {
                    Interlocked.Decrement(ref _slowOpen);
                }
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
            {
                if (!stop.IsCancellationRequested)
                {
                    Interlocked.Increment(ref _slowEndedByHost);
                }
            }

            await PauseAsync(TimeSpan.FromMilliseconds(200), stop);
        }
    }

    private async Task TrickleAsync(string key, long bodySize, int bytesPerSecond)
    {
        var stop = _stop.Token;
        var head = Encoding.ASCII.GetBytes(
            $"POST {_events.AbsolutePath}sales-optin HTTP/1.1\r\nHost: {_events.Authority}\r\nContent-Type: application/json\r\nx-refassured-key: {key}\r\nContent-Length: {bodySize}\r\n\r\n{{\"pad\":\"");
        var slice = Encoding.ASCII.GetBytes(new string('x', TrickleSlice));
        var perInterval = (int)Math.Min(TrickleSlice, bytesPerSecond * TrickleInterval.TotalSeconds);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var client = await ConnectAsync(stop);
                var stream = client.GetStream();
                await stream.WriteAsync(head, stop);
                Interlocked.Increment(ref _trickleStarted);
                var answer = ReadStatusAsync(stream, stop);
                long sent = head.Length;
                while (!answer.IsCompleted && sent < bodySize)
                {
                    var count = (int)Math.Min(perInterval, bodySize - sent);
                    await stream.WriteAsync(slice.AsMemory(0, count), stop);
                    sent += count;
                    Interlocked.Add(ref _trickledBytes, count);
                    await Task.WhenAny(answer, Task.Delay(TrickleInterval, stop));
                }

                Count(await answer);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
            {
                if (!stop.IsCancellationRequested)
                {
                    Interlocked.Increment(ref _trickleEndedWithoutAnswer);
                }
            }

            await PauseAsync(TimeSpan.FromMilliseconds(250), stop);
        }
    }

    // The status line's code, or null when the host closed without answering.
    private static async Task<string?> ReadStatusAsync(NetworkStream stream, CancellationToken stop)
    {
        var buffer = new byte[1024];
        var received = new StringBuilder();
        while (!received.ToString().Contains("\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, stop);
            if (read == 0)
            {
                return null;
            }

            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        var statusLine = received.ToString()[..received.ToString().IndexOf("\r\n", StringComparison.Ordinal)].Split(' ');
        return statusLine.Length > 1 ? statusLine[1] : statusLine[0];
    }

    private static async Task PauseAsync(TimeSpan delay, CancellationToken stop)
    {
        try
        {
            await Task.Delay(delay, stop);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task<TcpClient> ConnectAsync(CancellationToken stop)
    {
        var client = new TcpClient { NoDelay = true };
        try
        {
            await client.ConnectAsync(_events.Host, _events.Port, stop);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private void Count(string? status)
    {
        if (status is null)
        {
            Interlocked.Increment(ref _trickleEndedWithoutAnswer);
            return;
        }

        lock (_trickleAnswers)
        {
            _trickleAnswers[status] = _trickleAnswers.GetValueOrDefault(status) + 1;
        }
    }
}

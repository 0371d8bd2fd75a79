namespace RefAssured.Sdk;

/// <summary>
/// Reads and discards what is left of a refused request's body after its answer was sent. Closed
/// with bytes still unread, the socket is reset rather than closed, and a sender still uploading
/// meets the reset and may never read the answer waiting for it; read to its end, the connection
/// closes normally. The reading stops at a byte limit and a deadline, so a sender cannot keep the
/// host reading for long.
/// </summary>
internal static class UnreadBodyDrain
{
    private const int BufferSize = 64 * 1024;

    /// <summary>Reads until the body ends, <paramref name="limit"/> bytes were read, or <paramref name="timeout"/> passed.</summary>
    /// <returns>Whether the body was read to its end.</returns>
    public static async Task<bool> DrainAsync(Stream body, long limit, TimeSpan timeout, TimeProvider timeProvider)
    {
        if (limit <= 0 || timeout <= TimeSpan.Zero)
        {
            return false;
        }

        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(BufferSize);
        var started = timeProvider.GetTimestamp();
        var abandoned = false;
        long total = 0;
        try
        {
            while (total <= limit)
            {
                var remaining = timeout - timeProvider.GetElapsedTime(started);
                if (remaining <= TimeSpan.Zero)
                {
                    return false;
                }

                // The listener's reads cannot be cancelled: one that outlives the deadline ends when the connection is closed.
                var read = body.ReadAsync(buffer, 0, BufferSize, CancellationToken.None);
                try
                {
                    var count = await read.WaitAsync(remaining, timeProvider, CancellationToken.None).ConfigureAwait(false);
                    if (count == 0)
                    {
                        return true;
                    }

                    total += count;
                }
                catch (TimeoutException)
                {
                    // The pending read may still write into the buffer, so it does not go back to the pool.
                    abandoned = true;
                    _ = read.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                    return false;
                }
            }

            return false;
        }
#pragma warning disable CA1031 // The sender reset or the listener stopped: there is nothing left to read.
        catch (Exception)
#pragma warning restore CA1031
        {
            return false;
        }
        finally
        {
            if (!abandoned)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}

using System.Buffers;

namespace RefAssured.Sdk.Hosting;

/// <summary>
/// Reads a request body into one array. Memory grows with the bytes that arrived, never with the
/// length a client declared: the bytes go into pooled chunks that start small and double up to
/// <see cref="MaxChunkSize"/>, and each byte is reserved in the memory budget as it is read. The
/// chunks are copied into one array of the exact size (at the end, or once half of a declared
/// length arrived) and returned to the pool at once.
/// </summary>
internal static class BodyReader
{
    private const int FirstChunkSize = 4 * 1024;
    private const int MaxChunkSize = 64 * 1024;

    /// <summary>Reads the whole body; the problem is a 400, 413 or 503 when it cannot be read, goes past <paramref name="limit"/> or past the memory budget.</summary>
    public static async ValueTask<(ReadOnlyMemory<byte> Body, RefAssuredReceiveOutcome? Problem)> ReadAsync(
        Stream stream, long? declaredLength, long limit, MemoryReservation reservation, CancellationToken cancellationToken)
    {
        var chunks = new List<byte[]>();
        try
        {
            // With a declared length, the exact array is allocated once half of it has arrived, and
            // the rest is read straight into it: at most 1.5 times the body is held at once, and
            // never more than twice what the client really sent.
            var wanted = declaredLength is { } length ? (length + 1) / 2 : limit + 1;
            var (total, problem) = await ReadChunksAsync(stream, chunks, wanted, reservation, cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                return (default, problem);
            }

            if (declaredLength is { } exact && total == wanted)
            {
                // The budget counts the whole array from the moment it exists.
                if (!reservation.TryAdd(exact - total))
                {
                    return (default, OverBudget());
                }

                var whole = Join(chunks, total, exact);
                ReturnAll(chunks);
                total = await ReadIntoAsync(stream, whole, total, cancellationToken).ConfigureAwait(false);
                return total < exact ? (default, Unreadable($"ended after {total} of the {exact} bytes its Content-Length declared")) : (whole, null);
            }

            if (declaredLength is { } declared && total < declared)
            {
                return (default, Unreadable($"ended after {total} of the {declared} bytes its Content-Length declared"));
            }

            if (total > limit)
            {
                return (default, RequestChecks.TooLarge($"The body goes past the limit of {limit} bytes; reading stopped there and nothing was stored."));
            }

            return (Join(chunks, total, total), null);
        }
        catch (OperationCanceledException)
        {
            return (default, Unreadable("could not be read to its end: the request was aborted"));
        }
#pragma warning disable CA1031 // Whatever the host's stream throws (a reset connection, a bad request), the answer is a 400.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return (default, Unreadable($"could not be read to its end ({ex.GetType().Name})"));
        }
        finally
        {
            ReturnAll(chunks);
        }
    }

    private static async ValueTask<long> ReadIntoAsync(
        Stream stream, byte[] whole, long total, CancellationToken cancellationToken)
    {
        while (total < whole.Length)
        {
            var read = await stream.ReadAsync(whole.AsMemory((int)total), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    private static void ReturnAll(List<byte[]> chunks)
    {
        foreach (var chunk in chunks)
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        chunks.Clear();
    }

    // Reads until the stream ends or `wanted` bytes arrived (one past the limit when the length is unknown).
    private static async ValueTask<(long Total, RefAssuredReceiveOutcome? Problem)> ReadChunksAsync(
        Stream stream, List<byte[]> chunks, long wanted, MemoryReservation reservation, CancellationToken cancellationToken)
    {
        long total = 0;
        var size = FirstChunkSize;
        while (total < wanted)
        {
            var chunk = ArrayPool<byte>.Shared.Rent((int)Math.Min(size, wanted - total));
            chunks.Add(chunk);
            var filled = 0;
            var room = (int)Math.Min(chunk.Length, wanted - total);
            while (filled < room)
            {
                var read = await stream.ReadAsync(chunk.AsMemory(filled, room - filled), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return (total, null);
                }

                if (!reservation.TryAdd(read))
                {
                    return (total, OverBudget());
                }

                filled += read;
                total += read;
            }

            size = Math.Min(size * 2, MaxChunkSize);
        }

        return (total, null);
    }

    // Copies the first `total` bytes of the chunks into a new array of `size` bytes.
    private static byte[] Join(List<byte[]> chunks, long total, long size)
    {
        var body = GC.AllocateUninitializedArray<byte>((int)size);
        var offset = 0;
        foreach (var chunk in chunks)
        {
            var length = (int)Math.Min(chunk.Length, total - offset);
            chunk.AsSpan(0, length).CopyTo(body.AsSpan(offset));
            offset += length;
        }

        return body;
    }

    private static RefAssuredReceiveOutcome OverBudget() => RefAssuredReceiveOutcome.Problem(
        RefAssuredReceiveStatus.StoreUnavailable,
        "The server is holding as many request bodies in memory as it is allowed to, so this delivery was not accepted; try again shortly.");

    private static RefAssuredReceiveOutcome Unreadable(string what) =>
        RefAssuredReceiveOutcome.Problem(RefAssuredReceiveStatus.BodyUnreadable, $"The body {what}; nothing was stored.");
}

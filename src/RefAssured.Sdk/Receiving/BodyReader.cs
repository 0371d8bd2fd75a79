using System.Buffers;

namespace RefAssured.Sdk.Hosting;

/// <summary>Reads a request body into one array, never holding more than the size limit (plus one chunk) of it.</summary>
internal static class BodyReader
{
    private const int ChunkSize = 64 * 1024;

    /// <summary>Reads the whole body; the problem is a 400 or 413 when it cannot be read or goes past <paramref name="limit"/>.</summary>
    public static async ValueTask<(ReadOnlyMemory<byte> Body, RefAssuredReceiveOutcome? Problem)> ReadAsync(
        Stream stream, long? declaredLength, long limit, CancellationToken cancellationToken)
    {
        try
        {
            if (declaredLength is { } declared)
            {
                var exact = GC.AllocateUninitializedArray<byte>((int)declared);
                var read = await stream.ReadAtLeastAsync(exact, exact.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                return read == exact.Length
                    ? (exact, null)
                    : (default, Unreadable($"ended after {read} of the {declared} bytes its Content-Length declared"));
            }

            return await ReadUnknownLengthAsync(stream, limit, cancellationToken).ConfigureAwait(false);
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
    }

    private static async ValueTask<(ReadOnlyMemory<byte> Body, RefAssuredReceiveOutcome? Problem)> ReadUnknownLengthAsync(Stream stream, long limit, CancellationToken cancellationToken)
    {
        var chunks = new List<byte[]>();
        long total = 0;
        var last = 0;
        try
        {
            while (true)
            {
                var chunk = ArrayPool<byte>.Shared.Rent(ChunkSize);
                chunks.Add(chunk);
                last = await stream.ReadAtLeastAsync(chunk.AsMemory(0, ChunkSize), ChunkSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                total += last;
                if (total > limit)
                {
                    return (default, RequestChecks.TooLarge($"The body goes past the limit of {limit} bytes; reading stopped there and nothing was stored."));
                }

                if (last < ChunkSize)
                {
                    break;
                }
            }

            var body = GC.AllocateUninitializedArray<byte>((int)total);
            for (var i = 0; i < chunks.Count; i++)
            {
                var length = i == chunks.Count - 1 ? last : ChunkSize;
                chunks[i].AsSpan(0, length).CopyTo(body.AsSpan(i * ChunkSize));
            }

            return (body, null);
        }
        finally
        {
            foreach (var chunk in chunks)
            {
                ArrayPool<byte>.Shared.Return(chunk);
            }
        }
    }

    private static RefAssuredReceiveOutcome Unreadable(string what) =>
        RefAssuredReceiveOutcome.Problem(RefAssuredReceiveStatus.BodyUnreadable, $"The body {what}; nothing was stored.");
}

using System.Buffers;

namespace RefAssured.Sdk;

/// <summary>
/// Tells whether a file on disk holds exactly the bytes of a report: lengths first, then the bytes
/// block by block, so that two large reports are never held in memory whole.
/// </summary>
internal static class ReportContentComparer
{
    private const int BlockSize = 64 * 1024;

    /// <summary>Whether the regular file at <paramref name="path"/> holds the <paramref name="length"/> bytes that <paramref name="open"/> reads.</summary>
    /// <returns><see langword="false"/> also when the path is not a file, or one that cannot be read.</returns>
    public static async Task<bool> SameAsync(string path, long length, Func<Stream> open, CancellationToken cancellationToken)
    {
        var info = new FileInfo(path);
        if (!info.Exists || info.Length != length)
        {
            return false;
        }

        FileStream existing;
        try
        {
            existing = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        await using (existing.ConfigureAwait(false))
        {
            var other = open();
            await using (other.ConfigureAwait(false))
            {
                return await SameAsync(existing, other, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task<bool> SameAsync(Stream first, Stream second, CancellationToken cancellationToken)
    {
        var left = ArrayPool<byte>.Shared.Rent(BlockSize);
        var right = ArrayPool<byte>.Shared.Rent(BlockSize);
        try
        {
            while (true)
            {
                var read = await first.ReadAtLeastAsync(left.AsMemory(0, BlockSize), BlockSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                var otherRead = await second.ReadAtLeastAsync(right.AsMemory(0, BlockSize), BlockSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                if (read != otherRead || !left.AsSpan(0, read).SequenceEqual(right.AsSpan(0, read)))
                {
                    return false;
                }

                if (read < BlockSize)
                {
                    return true;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(left);
            ArrayPool<byte>.Shared.Return(right);
        }
    }
}

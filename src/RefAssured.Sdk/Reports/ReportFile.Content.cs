using System.Buffers;
using System.Buffers.Text;

namespace RefAssured.Sdk;

public sealed partial record ReportFile
{
    private static ReadOnlySpan<byte> PdfSignature => "%PDF-"u8;

    /// <summary>
    /// Gets whether the content starts with the PDF signature <c>%PDF-</c>. Only the first bytes
    /// are decoded; <see cref="FileName"/> and <see cref="FileType"/> are not consulted.
    /// </summary>
    public bool IsPdf
    {
        get
        {
            Span<byte> head = stackalloc byte[8];
            var reader = new Base64ContentReader(Base64Content);
            var filled = 0;
            while (filled < PdfSignature.Length)
            {
                if (!reader.TryRead(head[filled..], out var written) || written == 0)
                {
                    return false;
                }

                filled += written;
            }

            return head.StartsWith(PdfSignature);
        }
    }

    /// <summary>Checks that the content is present and valid base64 (whitespace is allowed). Reads the whole content.</summary>
    /// <returns><see langword="true"/> when the content decodes to at least one byte.</returns>
    public bool HasValidContent() => TryGetContentLength(out var length) && length > 0;

    /// <summary>Gets the decoded size of the content in bytes. Reads the whole content.</summary>
    /// <param name="length">The decoded size, or 0 when the content is not valid base64.</param>
    /// <returns><see langword="true"/> when the content is valid base64.</returns>
    public bool TryGetContentLength(out int length) => Base64.IsValid(Base64Content.Span, out length);

    /// <summary>Decodes the whole content into a new array of exactly its size.</summary>
    /// <returns>The decoded bytes of the file.</returns>
    /// <exception cref="ReportContentException">The content is missing or not valid base64.</exception>
    public byte[] ReadContent()
    {
        var source = Base64Content.Span;
        if (source.IsEmpty)
        {
            throw ReportContentException.Missing();
        }

        var length = CanonicalDecodedLength(source);
        if (length >= 0)
        {
            var fast = GC.AllocateUninitializedArray<byte>(length);
            var status = Base64.DecodeFromUtf8(source, fast, out _, out var written);
            if (status == OperationStatus.Done && written == length)
            {
                return fast;
            }
        }

        // Whitespace inside the text, or invalid data: count exactly, then decode.
        if (!Base64.IsValid(source, out length))
        {
            throw ReportContentException.InvalidBase64(FindInvalidOffset(Base64Content));
        }

        var result = GC.AllocateUninitializedArray<byte>(length);
        Base64.DecodeFromUtf8(source, result, out _, out _);
        return result;
    }

    /// <summary>
    /// Decodes the whole content into a buffer the caller owns (for example one rented from a
    /// pool), allocating nothing. Use <see cref="TryGetContentLength(out int)"/> to size it.
    /// </summary>
    /// <param name="destination">Where to write the decoded bytes.</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too small for the content.</exception>
    /// <exception cref="ReportContentException">The content is missing or not valid base64.</exception>
    public int CopyContentTo(Span<byte> destination)
    {
        var source = Base64Content.Span;
        if (source.IsEmpty)
        {
            throw ReportContentException.Missing();
        }

        return Base64.DecodeFromUtf8(source, destination, out var consumed, out var written) switch
        {
            OperationStatus.Done => written,
            OperationStatus.DestinationTooSmall when Base64.IsValid(source[consumed..]) =>
                throw new ArgumentException($"The destination holds {destination.Length} bytes, too few for the report's content; size it with TryGetContentLength.", nameof(destination)),
            _ => throw ReportContentException.InvalidBase64(FindInvalidOffset(Base64Content)),
        };
    }

    /// <summary>
    /// Opens a read-only stream that decodes the content as it is read, so that a large report
    /// can be copied to storage without holding the decoded file in memory.
    /// </summary>
    /// <returns>A forward-only stream of the decoded bytes.</returns>
    /// <exception cref="ReportContentException">The content is missing; or, thrown by the stream's reads, not valid base64.</exception>
    public Stream OpenRead() =>
        Base64Content.IsEmpty ? throw ReportContentException.Missing() : new Base64ContentStream(Base64Content);

    // The decoded length when the text has no whitespace (length a multiple of 4); otherwise -1.
    private static int CanonicalDecodedLength(ReadOnlySpan<byte> source)
    {
        if (source.Length % 4 != 0)
        {
            return -1;
        }

        var padding = source[^1] == (byte)'=' ? (source[^2] == (byte)'=' ? 2 : 1) : 0;
        return (source.Length / 4 * 3) - padding;
    }

    private static long FindInvalidOffset(ReadOnlyMemory<byte> source)
    {
        var reader = new Base64ContentReader(source);
        var sink = new byte[4096];
        while (reader.TryRead(sink, out var written) && written > 0)
        {
        }

        return reader.Position;
    }
}

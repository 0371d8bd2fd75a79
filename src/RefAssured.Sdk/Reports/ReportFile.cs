using System.Buffers;
using System.Buffers.Text;
using System.Text.Json.Serialization;

namespace RefAssured.Sdk;

/// <summary>
/// The report file of a <see cref="ReferenceReport"/> (<c>file</c>): the PDF as base64 text plus
/// its suggested name and media type. The content stays as the UTF-8 bytes of the delivery and
/// is decoded only when read, without intermediate strings.
/// </summary>
/// <remarks>
/// Content that is not valid base64 (RefAssured's own documentation sample is truncated) does not
/// stop the event from parsing; reading it throws <see cref="ReportContentException"/>, which the
/// SDK treats as permanent: a handler failing with it is dead-lettered at once, not retried.
/// </remarks>
public sealed record ReportFile
{
    /// <summary>The JSON path of the content field, named in errors about it.</summary>
    public const string ContentPath = "$.file.base64Content";

    /// <summary>
    /// Gets the PDF as base64 text, in UTF-8 (<c>base64Content</c>). When the event was parsed
    /// from a <see cref="ReadOnlyMemory{T}"/> this is a slice of that memory, not a copy.
    /// </summary>
    [JsonPropertyName("base64Content")]
    [JsonConverter(typeof(Serialization.Base64ContentConverter))]
    public ReadOnlyMemory<byte> Base64Content { get; init; }

    /// <summary>Gets the media type RefAssured declares (<c>fileType</c>), normally <c>application/pdf</c>; not checked against the content, see <see cref="IsPdf"/>.</summary>
    [JsonPropertyName("fileType")]
    public string? FileType { get; init; }

    /// <summary>
    /// Gets the suggested file name exactly as sent (<c>fileName</c>). It is untrusted input: use
    /// <see cref="ReferenceReport.SafeFileName"/> or <see cref="ReportFileName"/> to name files.
    /// </summary>
    [JsonPropertyName("fileName")]
    public string? FileName { get; init; }

    /// <summary>Returns the size of the encoded content only; the file name holds the candidate's name.</summary>
    /// <returns>For example <c>ReportFile { FileType = application/pdf, Base64Length = 13981016 }</c>.</returns>
    public override string ToString() => $"ReportFile {{ FileType = {FileType}, Base64Length = {Base64Content.Length} }}";

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

    /// <summary>
    /// Saves the decoded content into <paramref name="directory"/>: it streams to a temporary file
    /// in that directory, flushes it to disk, then renames it into place and flushes the directory,
    /// so a reader never sees a partial report and a saved report survives a crash. The name is
    /// made safe first; the file is never written outside the directory. Unless
    /// <see cref="ReportSaveOptions.Overwrite"/> is set, no file is ever replaced: a file of that
    /// name with the same bytes is kept and its path returned (a redelivery writes nothing), and
    /// one with other bytes is kept too while the report goes to the first free name of
    /// <c>name (2).pdf</c>, <c>name (3).pdf</c>, …, chosen atomically, so that reports saved at once
    /// never share a file. On Unix the files and directories it creates are
    /// <see cref="ReportSaveOptions.UnixCreateMode"/> (0600, directories 0700, by default).
    /// </summary>
    /// <param name="directory">The directory to save into; created when missing.</param>
    /// <param name="fileName">The file name; made safe with <see cref="ReportFileName.Sanitize(string?)"/>, falling back to <c>RefAssured_Report.pdf</c>.</param>
    /// <param name="options">How to save; <see langword="null"/> for <see cref="ReportSaveOptions.Default"/>.</param>
    /// <param name="cancellationToken">Cancels the write; the temporary file is removed.</param>
    /// <returns>The full path of the file that holds the report: record it, as it may differ from <paramref name="fileName"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="directory"/> is empty or white space.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="directory"/> or <paramref name="fileName"/> is <see langword="null"/>.</exception>
    /// <exception cref="ReportContentException">The content is missing, not valid base64, or not a PDF when one is required.</exception>
    /// <exception cref="IOException">The disk failed, or a thousand files of that name already hold other reports.</exception>
    public Task<string> SaveAsync(string directory, string fileName, ReportSaveOptions? options = null, CancellationToken cancellationToken = default) =>
        ReportFileWriter.SaveAsync(this, directory, fileName, options, cancellationToken);
}

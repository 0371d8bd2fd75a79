using System.Text.Json;
using RefAssured.Sdk.Serialization;

namespace RefAssured.Sdk;

/// <summary>
/// Turns the UTF-8 JSON body of a delivery into its typed event. Lenient with everything the
/// vendor's documentation leaves open (absent fields, IDs as numbers or strings, unknown fields
/// and actions, external IDs as an object or an array), strict only with what cannot be
/// represented. Unknown fields are skipped, not kept: they remain in the body itself. Never throws for bad input: the result carries an error naming the JSON path.
/// </summary>
public static class RefAssuredEventParser
{
    /// <summary>The deepest nesting of objects and arrays accepted; RefAssured's payloads nest three levels.</summary>
    public const int MaxDepth = 64;

    /// <summary>
    /// Parses a body held in memory. The report content of a <see cref="ReferenceReport"/> refers to
    /// <paramref name="utf8Json"/> instead of copying it, so the memory must not be reused while the event lives.
    /// </summary>
    /// <param name="eventType">The event type, from the route the body was delivered to.</param>
    /// <param name="utf8Json">The body, UTF-8 JSON (a leading byte-order mark is ignored).</param>
    /// <returns>The event, or the error that names the JSON path and the reason.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="eventType"/> is not a defined member.</exception>
    public static RefAssuredParseResult Parse(RefAssuredEventType eventType, ReadOnlyMemory<byte> utf8Json)
    {
        utf8Json = SkipByteOrderMark(utf8Json);
        using (Base64ContentConverter.Retain(utf8Json))
        {
            return ParseCore(eventType, utf8Json.Span);
        }
    }

    /// <summary>Parses a body held in a span; the report content, if any, is copied out of it.</summary>
    /// <param name="eventType">The event type, from the route the body was delivered to.</param>
    /// <param name="utf8Json">The body, UTF-8 JSON (a leading byte-order mark is ignored).</param>
    /// <returns>The event, or the error that names the JSON path and the reason.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="eventType"/> is not a defined member.</exception>
    public static RefAssuredParseResult Parse(RefAssuredEventType eventType, ReadOnlySpan<byte> utf8Json) =>
        ParseCore(eventType, utf8Json.StartsWith(Utf8Bom) ? utf8Json[Utf8Bom.Length..] : utf8Json);

    /// <summary>Reads a body from a stream to its end, then parses it without copying the report content again.</summary>
    /// <param name="eventType">The event type, from the route the body was delivered to.</param>
    /// <param name="utf8Json">The body stream, UTF-8 JSON. It is read to the end and not disposed.</param>
    /// <param name="cancellationToken">Cancels reading the stream.</param>
    /// <returns>The event, or the error that names the JSON path and the reason.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="utf8Json"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="eventType"/> is not a defined member.</exception>
    /// <exception cref="IOException">Reading the stream failed.</exception>
    public static async ValueTask<RefAssuredParseResult> ParseAsync(RefAssuredEventType eventType, Stream utf8Json, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        ThrowIfUndefined(eventType);
        var body = await ReadToEndAsync(utf8Json, cancellationToken).ConfigureAwait(false);
        return Parse(eventType, body);
    }

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private static RefAssuredParseResult ParseCore(RefAssuredEventType eventType, ReadOnlySpan<byte> utf8Json)
    {
        ThrowIfUndefined(eventType);
        if (ParseErrors.CheckRoot(utf8Json) is { } rootError)
        {
            return RefAssuredParseResult.Failure(rootError);
        }

        if (KnownFieldsFilter.IsWorthFiltering(utf8Json) && KnownFieldsFilter.Filter(utf8Json, TypeInfo(eventType)) is { } filtered)
        {
            using (Base64ContentConverter.Retain(filtered))
            {
                return WithoutPosition(ParseCore(eventType, filtered.Span));
            }
        }

        RefAssuredEvent? parsed;
        try
        {
            parsed = Deserialize(eventType, utf8Json);
        }
        catch (JsonException ex)
        {
            return RefAssuredParseResult.Failure(ParseErrors.Classify(utf8Json, ex));
        }

        if (parsed is null)
        {
            return Fail(RefAssuredParseErrorKind.NotAnObject, "$", "expected a JSON object at the root, found null");
        }

        if (parsed is ReferenceReport report)
        {
            if (report.File is null)
            {
                return Fail(RefAssuredParseErrorKind.MissingContent, "$.file", "a reference report must carry a file object, and it is missing or null");
            }

            if (report.File.Base64Content.IsEmpty)
            {
                return Fail(RefAssuredParseErrorKind.MissingContent, ReportFile.ContentPath, "a reference report must carry the file's content, and it is missing, null or empty");
            }
        }

        return RefAssuredParseResult.Success(parsed);
    }

    private static RefAssuredEvent? Deserialize(RefAssuredEventType eventType, ReadOnlySpan<byte> utf8Json)
    {
        return eventType switch
        {
            RefAssuredEventType.SalesOptIn => JsonSerializer.Deserialize(utf8Json, RefAssuredJsonContext.Default.SalesOptIn),
            RefAssuredEventType.CandidateOptIn => JsonSerializer.Deserialize(utf8Json, RefAssuredJsonContext.Default.CandidateOptIn),
            RefAssuredEventType.CandidateNote => JsonSerializer.Deserialize(utf8Json, RefAssuredJsonContext.Default.CandidateNote),
            _ => JsonSerializer.Deserialize(utf8Json, RefAssuredJsonContext.Default.ReferenceReport),
        };
    }

    internal static System.Text.Json.Serialization.Metadata.JsonTypeInfo TypeInfo(RefAssuredEventType eventType) => eventType switch
    {
        RefAssuredEventType.SalesOptIn => RefAssuredJsonContext.Default.SalesOptIn,
        RefAssuredEventType.CandidateOptIn => RefAssuredJsonContext.Default.CandidateOptIn,
        RefAssuredEventType.CandidateNote => RefAssuredJsonContext.Default.CandidateNote,
        _ => RefAssuredJsonContext.Default.ReferenceReport,
    };

    // Positions in a filtered copy are not positions in the body; the path still is.
    private static RefAssuredParseResult WithoutPosition(RefAssuredParseResult result) =>
        result.Error is { } error ? RefAssuredParseResult.Failure(error with { LineNumber = null, BytePositionInLine = null }) : result;

    private static RefAssuredParseResult Fail(RefAssuredParseErrorKind kind, string path, string reason) =>
        RefAssuredParseResult.Failure(new RefAssuredParseError(kind, path, reason));

    private static void ThrowIfUndefined(RefAssuredEventType eventType)
    {
        if (eventType is < RefAssuredEventType.SalesOptIn or > RefAssuredEventType.ReferenceReport)
        {
            throw new ArgumentOutOfRangeException(nameof(eventType), eventType, "Not a defined RefAssured event type.");
        }
    }

    private static ReadOnlyMemory<byte> SkipByteOrderMark(ReadOnlyMemory<byte> utf8Json) =>
        utf8Json.Span.StartsWith(Utf8Bom) ? utf8Json[Utf8Bom.Length..] : utf8Json;

    private static async ValueTask<ReadOnlyMemory<byte>> ReadToEndAsync(Stream stream, CancellationToken cancellationToken)
    {
        byte[]? head = null;
        var remaining = stream.CanSeek ? stream.Length - stream.Position : 0;
        if (remaining > 0 && remaining <= Array.MaxLength)
        {
            // The length is known: read into an array of exactly that size.
            head = new byte[remaining];
            var read = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (read < head.Length)
            {
                return head.AsMemory(0, read);
            }
        }

        using var rest = new MemoryStream();
        await stream.CopyToAsync(rest, cancellationToken).ConfigureAwait(false);
        if (head is null || rest.Length == 0)
        {
            return head ?? rest.GetBuffer().AsMemory(0, (int)rest.Length);
        }

        // The stream held more than it said; keep all of it.
        var combined = new byte[head.Length + rest.Length];
        head.CopyTo(combined, 0);
        rest.GetBuffer().AsSpan(0, (int)rest.Length).CopyTo(combined.AsSpan(head.Length));
        return combined;
    }
}

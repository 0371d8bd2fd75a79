using System.Text.Json;
using System.Text.Json.Serialization;

namespace RefAssured.Sdk.Serialization;

/// <summary>
/// Reads <c>base64Content</c> as UTF-8 bytes, never as a .NET string. When the body being parsed
/// is held in memory that outlives the event (see <see cref="RetainedSource"/>), the content is a
/// slice of it and nothing is copied; otherwise the text is copied once, unescaped.
/// </summary>
internal sealed class Base64ContentConverter : JsonConverter<ReadOnlyMemory<byte>>
{
    // JsonSerializer offers no per-call state to a converter; the parser sets this around one
    // synchronous Deserialize call on this thread, so it cannot leak to another parse.
    [ThreadStatic]
    private static ReadOnlyMemory<byte> t_source;

    public override bool HandleNull => true;

    public override ReadOnlyMemory<byte> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            throw JsonErrors.Expected("a base64 string", reader.TokenType);
        }

        if (!reader.ValueIsEscaped && !reader.HasValueSequence && !t_source.IsEmpty)
        {
            // The reader runs over the whole body, so the token's index is an offset into it.
            var start = reader.TokenStartIndex + 1;
            var length = reader.ValueSpan.Length;
            if (start + length <= t_source.Length)
            {
                var slice = t_source.Slice((int)start, length);
                // Same memory, so this returns at once; it guards the offset arithmetic above.
                if (slice.Span.SequenceEqual(reader.ValueSpan))
                {
                    return slice;
                }
            }
        }

        var buffer = new byte[reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length];
        var written = reader.CopyString(buffer);
        return buffer.AsMemory(0, written);
    }

    public override void Write(Utf8JsonWriter writer, ReadOnlyMemory<byte> value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Span);

    /// <summary>Lets base64 content refer to <paramref name="source"/> until the returned scope is disposed.</summary>
    public static RetainedSource Retain(ReadOnlyMemory<byte> source) => new(source);

    internal readonly struct RetainedSource : IDisposable
    {
        public RetainedSource(ReadOnlyMemory<byte> source) => t_source = source;

        public void Dispose() => t_source = default;
    }
}

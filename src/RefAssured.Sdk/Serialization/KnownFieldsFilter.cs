using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace RefAssured.Sdk.Serialization;

/// <summary>
/// Copies a body keeping only the fields the payload types know, for bodies stuffed with unknown
/// fields: the serializer spends far longer per unknown field (a name lookup and a copy for its
/// error paths) than one pass of the reader that skips them. The known fields come from the same
/// metadata the serializer uses; values of known fields are copied as they are.
/// </summary>
internal static class KnownFieldsFilter
{
    // Below this size a body cannot hold enough fields to matter.
    private const int MinBodyLength = 64 * 1024;

    // Every field needs a colon, so this bounds the number of fields from above in one fast pass.
    private const int MinColonCount = 10_000;

    // Known names are short; a longer one is unknown without looking it up.
    private const int MaxNameLength = 64;

    private static readonly ConcurrentDictionary<JsonTypeInfo, Shape> Shapes = new();

    /// <summary>Gets whether the body may hold so many fields that filtering it first is faster.</summary>
    public static bool IsWorthFiltering(ReadOnlySpan<byte> utf8Json) =>
        utf8Json.Length >= MinBodyLength && utf8Json.Count((byte)':') >= MinColonCount;

    /// <summary>Returns the body with only known fields, or <see langword="null"/> when it is not valid JSON (the caller parses the original to name the error).</summary>
    public static ReadOnlyMemory<byte>? Filter(ReadOnlySpan<byte> utf8Json, JsonTypeInfo root)
    {
        var buffer = new ArrayBufferWriter<byte>(MinBodyLength);
        using var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true });
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = RefAssuredEventParser.MaxDepth });
        try
        {
            reader.Read();
            CopyObject(ref reader, writer, utf8Json, ShapeOf(root));
            if (reader.Read())
            {
                return null; // something after the root object: let the serializer report it
            }
        }
        catch (JsonException)
        {
            return null;
        }

        writer.Flush();
        return buffer.WrittenMemory;
    }

    private static void CopyObject(ref Utf8JsonReader reader, Utf8JsonWriter writer, ReadOnlySpan<byte> utf8Json, Shape shape)
    {
        writer.WriteStartObject();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = shape.Find(ref reader);
            reader.Read();
            if (field is null)
            {
                reader.Skip();
                continue;
            }

            writer.WritePropertyName(field.Name);
            if (field.Nested is { } nested && reader.TokenType == JsonTokenType.StartObject)
            {
                CopyObject(ref reader, writer, utf8Json, nested);
                continue;
            }

            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            writer.WriteRawValue(utf8Json[start..(int)reader.BytesConsumed], skipInputValidation: true);
        }

        writer.WriteEndObject();
    }

    private static Shape ShapeOf(JsonTypeInfo typeInfo) => Shapes.GetOrAdd(typeInfo, static info =>
    {
        var fields = new Dictionary<string, Field>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in info.Properties)
        {
            // A value read by a converter is copied whole; an object the serializer reads has its own known fields.
            var nested = property.CustomConverter is null && info.Options.TryGetTypeInfo(property.PropertyType, out var type)
                && type.Kind == JsonTypeInfoKind.Object && type.Properties.Count > 0
                ? ShapeOf(type)
                : null;
            fields[property.Name] = new Field(property.Name, JsonEncodedText.Encode(property.Name), nested);
        }

        return new Shape(fields);
    });

    private sealed record Field(string JsonName, JsonEncodedText Name, Shape? Nested);

    private sealed class Shape(Dictionary<string, Field> fields)
    {
        private readonly Field[] _fields = [.. fields.Values];

        // The reader is on a property name; matched as the serializer matches, without regard to case.
        public Field? Find(ref Utf8JsonReader reader)
        {
            if (reader.ValueIsEscaped)
            {
                if (reader.ValueSpan.Length > MaxNameLength * 6)
                {
                    return null;
                }

                return fields.GetValueOrDefault(reader.GetString()!);
            }

            var utf8 = reader.ValueSpan;
            if (utf8.Length > MaxNameLength)
            {
                return null;
            }

            Span<char> buffer = stackalloc char[MaxNameLength];
            var name = buffer[..Encoding.UTF8.GetChars(utf8, buffer)];
            foreach (var field in _fields)
            {
                if (name.Equals(field.JsonName, StringComparison.OrdinalIgnoreCase))
                {
                    return field;
                }
            }

            return null;
        }
    }
}

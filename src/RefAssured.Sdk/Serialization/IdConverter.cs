using System.Text.Json;
using System.Text.Json.Serialization;

namespace RefAssured.Sdk.Serialization;

/// <summary>
/// Reads identifiers sent as JSON numbers or as numeric strings; an empty string counts as absent.
/// An identifier that is not an integer, or does not fit 64 bits, cannot be represented.
/// </summary>
internal sealed class IdConverter : JsonConverter<long?>
{
    public override bool HandleNull => true;

    public override long? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number:
                return reader.TryGetInt64(out var number)
                    ? number
                    : throw new JsonException("expected an integer ID within the 64-bit range, found a number outside it or with a fraction");
            case JsonTokenType.String:
                var text = JsonErrors.ReadString(ref reader).AsSpan().Trim();
                if (text.IsEmpty)
                {
                    return null;
                }

                return long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var parsed)
                    ? parsed
                    : throw new JsonException("expected an integer ID, found a string that is not an integer within the 64-bit range");
            default:
                throw JsonErrors.Expected("an integer ID (number or numeric string)", reader.TokenType);
        }
    }

    public override void Write(Utf8JsonWriter writer, long? value, JsonSerializerOptions options)
    {
        if (value is { } id)
        {
            writer.WriteNumberValue(id);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}

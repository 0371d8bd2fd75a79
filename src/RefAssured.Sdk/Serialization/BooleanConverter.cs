using System.Text.Json;
using System.Text.Json.Serialization;

namespace RefAssured.Sdk.Serialization;

/// <summary>Reads flags from <c>true</c>/<c>false</c>, also when sent as the strings "true"/"false".</summary>
internal sealed class BooleanConverter : JsonConverter<bool>
{
    public override bool Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.True:
                return true;
            case JsonTokenType.False:
                return false;
            case JsonTokenType.String:
                var text = JsonErrors.ReadString(ref reader).AsSpan().Trim();
                if (bool.TryParse(text, out var value))
                {
                    return value;
                }

                throw new JsonException("expected true or false, found a string that is neither");
            default:
                throw JsonErrors.Expected("true or false", reader.TokenType);
        }
    }

    public override void Write(Utf8JsonWriter writer, bool value, JsonSerializerOptions options) =>
        writer.WriteBooleanValue(value);
}

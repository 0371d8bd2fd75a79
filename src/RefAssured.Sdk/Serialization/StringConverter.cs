using System.Text.Json;
using System.Text.Json.Serialization;

namespace RefAssured.Sdk.Serialization;

/// <summary>Reads text fields strictly (a number is not silently turned into text) with a clear error.</summary>
internal sealed class StringConverter : JsonConverter<string>
{
    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
            ? JsonErrors.ReadString(ref reader)
            : throw JsonErrors.Expected("a string", reader.TokenType);

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value);
}

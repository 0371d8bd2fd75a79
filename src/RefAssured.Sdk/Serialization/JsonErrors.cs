using System.Text.Json;

namespace RefAssured.Sdk.Serialization;

/// <summary>The messages of values that cannot be mapped; the serializer adds the JSON path.</summary>
internal static class JsonErrors
{
    public static JsonException Expected(string expected, JsonTokenType found) =>
        new($"expected {expected}, found {Describe(found)}");

    public static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    public static string ReadString(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException ex)
        {
            throw new JsonException("expected a string of valid UTF-8 text", ex);
        }
    }
}

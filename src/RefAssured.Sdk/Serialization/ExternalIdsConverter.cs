using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RefAssured.Sdk.Serialization;

/// <summary>
/// Reads external IDs from an object (<c>{"bullhornCandidateId": 40001}</c>) or an array of such
/// objects, as RefAssured sends both. Numbers keep their digits; other values keep their JSON text.
/// </summary>
internal sealed class ExternalIdsConverter : JsonConverter<ExternalIds>
{
    [ThreadStatic]
    private static List<KeyValuePair<string, string>>? t_entries;

    public override ExternalIds? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        // One list per thread, reused: the set copies what it keeps.
        var entries = t_entries ?? new List<KeyValuePair<string, string>>();
        t_entries = null;
        entries.Clear();
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                ReadObject(ref reader, entries);
                break;
            case JsonTokenType.StartArray:
                var index = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        ReadObject(ref reader, entries);
                    }
                    else if (reader.TokenType != JsonTokenType.Null)
                    {
                        throw new JsonException(string.Create(CultureInfo.InvariantCulture, $"expected objects of external IDs in the array, found {JsonErrors.Describe(reader.TokenType)} at index {index}"));
                    }

                    index++;
                }

                break;
            default:
                throw JsonErrors.Expected("an object or an array of external IDs", reader.TokenType);
        }

        var ids = entries.Count == 0 ? ExternalIds.Empty : new ExternalIds(entries);
        entries.Clear();
        if (entries.Capacity <= 64)
        {
            t_entries = entries;
        }

        return ids;
    }

    public override void Write(Utf8JsonWriter writer, ExternalIds value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (key, id) in value)
        {
            writer.WriteString(key, id);
        }

        writer.WriteEndObject();
    }

    private static void ReadObject(ref Utf8JsonReader reader, List<KeyValuePair<string, string>> entries)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = JsonErrors.ReadString(ref reader);
            reader.Read();
            string? value = reader.TokenType switch
            {
                JsonTokenType.String => JsonErrors.ReadString(ref reader),
                JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
                JsonTokenType.True => "true",
                JsonTokenType.False => "false",
                JsonTokenType.Null => null,
                _ => RawText(ref reader),
            };
            if (value is not null)
            {
                entries.Add(new(key, value));
            }
        }
    }

    private static string RawText(ref Utf8JsonReader reader)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return document.RootElement.GetRawText();
    }
}

using System.Text.Json;

namespace RefAssured.Sdk.Serialization;

/// <summary>Turns what the JSON reader and serializer report into a <see cref="RefAssuredParseError"/> with a kind, a path and a reason.</summary>
internal static class ParseErrors
{
    private const int MaxDepth = RefAssuredEventParser.MaxDepth;

    private const int MaxPathLength = 100;

    private const string UnmappableDefaultMessage = "The JSON value could not be converted to";

    // Cheap checks on the first token, before the serializer runs.
    public static RefAssuredParseError? CheckRoot(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.Trim(" \t\r\n"u8).IsEmpty)
        {
            return new RefAssuredParseError(RefAssuredParseErrorKind.EmptyBody, "$", "the body is empty; expected a JSON object");
        }

        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = MaxDepth });
        try
        {
            reader.Read();
        }
        catch (JsonException ex)
        {
            return InvalidJson(ex);
        }

        return reader.TokenType == JsonTokenType.StartObject
            ? null
            : new RefAssuredParseError(RefAssuredParseErrorKind.NotAnObject, "$", $"expected a JSON object at the root, found {JsonErrors.Describe(reader.TokenType)}");
    }

    // Runs on failures only: scans the body once more to tell bad JSON and deep nesting apart
    // from a value of the wrong type, which the serializer reports alike.
    public static RefAssuredParseError Classify(ReadOnlySpan<byte> utf8Json, JsonException serializerError)
    {
        // The path can hold property names as the body spelled them.
        var path = RequestText.Escape(serializerError.Path ?? "$", MaxPathLength);
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = MaxDepth * 2 });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth >= MaxDepth)
                {
                    return new RefAssuredParseError(RefAssuredParseErrorKind.TooDeep, path, $"objects and arrays nest deeper than {MaxDepth} levels")
                    {
                        LineNumber = serializerError.LineNumber,
                        BytePositionInLine = serializerError.BytePositionInLine,
                    };
                }
            }
        }
        catch (JsonException ex)
        {
            return InvalidJson(ex) with { Path = path };
        }

        var reason = serializerError.Message.StartsWith(UnmappableDefaultMessage, StringComparison.Ordinal)
            ? "expected an object for this field" // the serializer's own message: only objects are left to it
            : serializerError.Message;
        return new RefAssuredParseError(RefAssuredParseErrorKind.UnmappableValue, path, $"the value cannot be read: {reason}")
        {
            LineNumber = serializerError.LineNumber,
            BytePositionInLine = serializerError.BytePositionInLine,
        };
    }

    private static RefAssuredParseError InvalidJson(JsonException ex)
    {
        // The reader's message ends with its own position; the error carries that separately.
        var message = ex.Message;
        var suffix = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (suffix > 0)
        {
            message = message[..suffix];
        }

        return new RefAssuredParseError(RefAssuredParseErrorKind.InvalidJson, "$", $"the body is not valid JSON: {message.TrimEnd('.')}")
        {
            LineNumber = ex.LineNumber,
            BytePositionInLine = ex.BytePositionInLine,
        };
    }
}

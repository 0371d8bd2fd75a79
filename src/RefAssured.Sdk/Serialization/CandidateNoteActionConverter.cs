using System.Text.Json;
using System.Text.Json.Serialization;

namespace RefAssured.Sdk.Serialization;

/// <summary>Reads <c>action</c>: any string, known or not; anything else cannot be represented.</summary>
internal sealed class CandidateNoteActionConverter : JsonConverter<CandidateNoteAction>
{
    public override CandidateNoteAction Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
            ? new CandidateNoteAction(JsonErrors.ReadString(ref reader))
            : throw JsonErrors.Expected("a string", reader.TokenType);

    public override void Write(Utf8JsonWriter writer, CandidateNoteAction value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Value);
}

using System.Text.Json.Serialization;

namespace RefAssured.Sdk.Serialization;

/// <summary>
/// The source-generated metadata of every payload. Nothing in the SDK serializes by reflection,
/// so it is safe under trimming and native AOT.
/// </summary>
[JsonSourceGenerationOptions(
    GenerationMode = JsonSourceGenerationMode.Metadata,
    PropertyNameCaseInsensitive = true,
    MaxDepth = RefAssuredEventParser.MaxDepth,
    Converters = [typeof(StringConverter), typeof(BooleanConverter), typeof(IdConverter)])]
[JsonSerializable(typeof(SalesOptIn))]
[JsonSerializable(typeof(CandidateOptIn))]
[JsonSerializable(typeof(CandidateNote))]
[JsonSerializable(typeof(ReferenceReport))]
internal sealed partial class RefAssuredJsonContext : JsonSerializerContext
{
}

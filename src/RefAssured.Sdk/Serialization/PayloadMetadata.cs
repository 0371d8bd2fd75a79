using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace RefAssured.Sdk.Serialization;

/// <summary>
/// The metadata the parser reads payloads with: the source-generated context, with every
/// extension-data property removed so that unknown fields are skipped by the reader instead of
/// being copied into one JSON value each. A body of millions of unknown fields then costs no more
/// memory than its bytes; the fields stay readable in the raw body.
/// </summary>
internal static class PayloadMetadata
{
    private static readonly JsonSerializerOptions Options = CreateOptions();

    public static JsonTypeInfo<SalesOptIn> SalesOptIn { get; } = Get<SalesOptIn>();

    public static JsonTypeInfo<CandidateOptIn> CandidateOptIn { get; } = Get<CandidateOptIn>();

    public static JsonTypeInfo<CandidateNote> CandidateNote { get; } = Get<CandidateNote>();

    public static JsonTypeInfo<ReferenceReport> ReferenceReport { get; } = Get<ReferenceReport>();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(RefAssuredJsonContext.Default.Options)
        {
            TypeInfoResolver = RefAssuredJsonContext.Default.WithAddedModifier(SkipUnknownFields),
        };
        options.MakeReadOnly();
        return options;
    }

    private static JsonTypeInfo<T> Get<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));

    private static void SkipUnknownFields(JsonTypeInfo typeInfo)
    {
        for (var i = typeInfo.Properties.Count - 1; i >= 0; i--)
        {
            if (typeInfo.Properties[i].IsExtensionData)
            {
                typeInfo.Properties.RemoveAt(i);
            }
        }
    }
}

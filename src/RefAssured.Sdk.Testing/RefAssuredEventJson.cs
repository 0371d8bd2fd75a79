using System.Text.Json;

namespace RefAssured.Sdk.Testing;

/// <summary>
/// Writes an event as the JSON body RefAssured would post for it, with the vendor's field names,
/// so that a varied sample can be posted to an endpoint or handed to a context as its raw body.
/// </summary>
/// <remarks>
/// There is no fluent builder: the events are records, so a sample is varied with a
/// <see langword="with"/> expression (<c>RefAssuredSamples.SalesOptIn with { ReferenceRequestId = 42 }</c>)
/// and turned into a body here. Fields left <see langword="null"/> are written as JSON
/// <c>null</c>, which the SDK's parser reads as absent.
/// </remarks>
public static class RefAssuredEventJson
{
    /// <summary>Writes <paramref name="evt"/> as UTF-8 JSON.</summary>
    /// <param name="evt">The event, for example a sample varied with <see langword="with"/>.</param>
    /// <returns>A new array holding the body.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="evt"/> is <see langword="null"/>.</exception>
    public static byte[] ToUtf8Bytes(RefAssuredEvent evt)
    {
        ArgumentNullException.ThrowIfNull(evt);
        var typeInfo = RefAssuredEventParser.TypeInfo(evt.EventType);
        return typeInfo.Type.IsInstanceOfType(evt)
            ? JsonSerializer.SerializeToUtf8Bytes(evt, typeInfo)
            : throw new ArgumentException($"{evt.GetType()} is not one of the RefAssured events.", nameof(evt));
    }

    /// <summary>Writes <paramref name="evt"/> as JSON text.</summary>
    /// <param name="evt">The event, for example a sample varied with <see langword="with"/>.</param>
    /// <returns>The body as a string.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="evt"/> is <see langword="null"/>.</exception>
    public static string ToJson(RefAssuredEvent evt) => System.Text.Encoding.UTF8.GetString(ToUtf8Bytes(evt));
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace RefAssured.Sdk;

/// <summary>
/// The report file of a <see cref="ReferenceReport"/> (<c>file</c>): the PDF as base64 text plus
/// its suggested name and media type. The content stays as the UTF-8 bytes of the delivery and
/// is decoded only when read, without intermediate strings.
/// </summary>
/// <remarks>
/// Content that is not valid base64 (RefAssured's own documentation sample is truncated) does not
/// stop the event from parsing; reading it throws <see cref="ReportContentException"/>, which the
/// SDK treats as permanent: a handler failing with it is dead-lettered at once, not retried.
/// </remarks>
public sealed partial record ReportFile
{
    /// <summary>The JSON path of the content field, named in errors about it.</summary>
    public const string ContentPath = "$.file.base64Content";

    /// <summary>
    /// Gets the PDF as base64 text, in UTF-8 (<c>base64Content</c>). When the event was parsed
    /// from a <see cref="ReadOnlyMemory{T}"/> this is a slice of that memory, not a copy.
    /// </summary>
    [JsonPropertyName("base64Content")]
    [JsonConverter(typeof(Serialization.Base64ContentConverter))]
    public ReadOnlyMemory<byte> Base64Content { get; init; }

    /// <summary>Gets the media type RefAssured declares (<c>fileType</c>), normally <c>application/pdf</c>; not checked against the content, see <see cref="IsPdf"/>.</summary>
    [JsonPropertyName("fileType")]
    public string? FileType { get; init; }

    /// <summary>
    /// Gets the suggested file name exactly as sent (<c>fileName</c>). It is untrusted input: use
    /// <see cref="ReferenceReport.SafeFileName"/> or <see cref="ReportFileName"/> to name files.
    /// </summary>
    [JsonPropertyName("fileName")]
    public string? FileName { get; init; }

    /// <summary>Gets the file's fields that this version of the SDK does not know, or <see langword="null"/>.</summary>
    [JsonExtensionData]
    [JsonInclude]
    public IDictionary<string, JsonElement>? ExtensionData { get; internal set; }

    /// <summary>Returns the size of the encoded content only; the file name holds the candidate's name.</summary>
    /// <returns>For example <c>ReportFile { FileType = application/pdf, Base64Length = 13981016 }</c>.</returns>
    public override string ToString() => $"ReportFile {{ FileType = {FileType}, Base64Length = {Base64Content.Length} }}";
}

using System.Text.Json;

namespace RefAssured.Sdk.HttpListener;

/// <summary>
/// A refusal the host makes itself, before the receive pipeline (too many requests at once), written in the shape of the pipeline's problem bodies:
/// <c>{"type":"urn:refassured-sdk:problem:…","title":…,"status":…,"detail":…}</c>.
/// </summary>
internal sealed class HostProblem
{
    private HostProblem(int statusCode, string reason, string slug, string title, string detail)
    {
        StatusCode = statusCode;
        Reason = reason;
        Detail = detail;
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "urn:refassured-sdk:problem:" + slug);
            writer.WriteString("title", title);
            writer.WriteNumber("status", statusCode);
            writer.WriteString("detail", detail);
            writer.WriteEndObject();
        }

        Body = buffer.WrittenMemory;
    }

    public int StatusCode { get; }

    /// <summary>Gets the name of the cause, as logs name a receive status.</summary>
    public string Reason { get; }

    public string Detail { get; }

    public ReadOnlyMemory<byte> Body { get; }

    public static HostProblem ServerBusy(int limit) => new(
        503, "ServerBusy", "server-busy", "Server busy",
        $"The host is already receiving as many requests as it allows at once ({limit}); nothing was stored. Send it again later.");
}

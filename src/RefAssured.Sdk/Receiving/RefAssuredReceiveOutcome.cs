using System.Globalization;
using System.Text.Json;

namespace RefAssured.Sdk.Hosting;

/// <summary>
/// The answer to one webhook request, ready for a host to write: the status code, the content
/// type and the body. Success is <c>200 {"status":"received","deliveryId":"…"}</c>; every error is
/// an RFC 9457 problem (<c>application/problem+json</c>) whose <c>detail</c> names the cause.
/// </summary>
public sealed class RefAssuredReceiveOutcome
{
    /// <summary>The content type of a success body.</summary>
    public const string JsonContentType = "application/json; charset=utf-8";

    /// <summary>The content type of a problem body.</summary>
    public const string ProblemContentType = "application/problem+json; charset=utf-8";

    private static ReadOnlySpan<byte> AcceptedPrefix => "{\"status\":\"received\",\"deliveryId\":\""u8;

    private static ReadOnlySpan<byte> AcceptedSuffix => "\"}"u8;

    private readonly string? _detail;

    // A null detail is that of an accepted delivery, written only when asked for.
    private RefAssuredReceiveOutcome(RefAssuredReceiveStatus status, int statusCode, string? detail, ReadOnlyMemory<byte> body, string contentType)
    {
        Status = status;
        StatusCode = statusCode;
        _detail = detail;
        Body = body;
        ContentType = contentType;
    }

    /// <summary>Gets why the request got this answer.</summary>
    public RefAssuredReceiveStatus Status { get; }

    /// <summary>Gets the HTTP status code.</summary>
    public int StatusCode { get; }

    /// <summary>Gets whether the delivery was stored (200).</summary>
    public bool IsAccepted => Status == RefAssuredReceiveStatus.Accepted;

    /// <summary>Gets the id of the stored delivery, for <see cref="RefAssuredReceiveStatus.Accepted"/>.</summary>
    public string? DeliveryId { get; private init; }

    /// <summary>Gets the cause in one sentence (the problem's <c>detail</c>); never contains the key or payload values.</summary>
    public string Detail => _detail ?? $"Stored as delivery {DeliveryId}.";

    /// <summary>Gets the parse error, for <see cref="RefAssuredReceiveStatus.InvalidPayload"/>.</summary>
    public RefAssuredParseError? ParseError { get; private init; }

    /// <summary>Gets the content type of <see cref="Body"/>.</summary>
    public string ContentType { get; }

    /// <summary>Gets the UTF-8 JSON body to send.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>Gets the value of the <c>Allow</c> header to send with a 405, or <see langword="null"/>.</summary>
    public string? Allow => Status == RefAssuredReceiveStatus.MethodNotAllowed ? "POST" : null;

    /// <summary>Returns the status code, the reason and the detail.</summary>
    /// <returns>For example <c>401 KeyMismatch: The x-refassured-key header …</c>.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{StatusCode} {Status}: {Detail}");

    internal static RefAssuredReceiveOutcome Accepted(string deliveryId)
    {
        // Delivery ids are plain ASCII letters and digits, so the body needs no JSON escaping.
        var body = new byte[AcceptedPrefix.Length + deliveryId.Length + AcceptedSuffix.Length];
        AcceptedPrefix.CopyTo(body);
        System.Text.Encoding.ASCII.GetBytes(deliveryId, body.AsSpan(AcceptedPrefix.Length));
        AcceptedSuffix.CopyTo(body.AsSpan(body.Length - AcceptedSuffix.Length));
        return new RefAssuredReceiveOutcome(RefAssuredReceiveStatus.Accepted, 200, null, body, JsonContentType)
        {
            DeliveryId = deliveryId,
        };
    }

    internal static RefAssuredReceiveOutcome MethodNotAllowed(string method) =>
        Problem(RefAssuredReceiveStatus.MethodNotAllowed, $"RefAssured webhooks are received with POST; this request used {RequestText.Describe(method, 16)}.");

    internal static RefAssuredReceiveOutcome HttpsRequired() =>
        Problem(RefAssuredReceiveStatus.HttpsRequired, "This endpoint requires HTTPS; the request came over plain HTTP. Configure an https:// URL in RefAssured's webhook settings.");

    internal static RefAssuredReceiveOutcome Invalid(RefAssuredParseError error) =>
        Problem(RefAssuredReceiveStatus.InvalidPayload, $"The body is not a usable RefAssured event: {error.Message}", error);

    internal static RefAssuredReceiveOutcome Problem(RefAssuredReceiveStatus status, string detail, RefAssuredParseError? parseError = null)
    {
        // Values from the request are escaped where they are put in; this makes sure that no
        // detail, whatever it quotes, can break a log line in two.
        detail = RequestText.Escape(detail);
        var (code, slug, title) = Describe(status);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "urn:refassured-sdk:problem:" + slug);
            writer.WriteString("title", title);
            writer.WriteNumber("status", code);
            writer.WriteString("detail", detail);
            if (parseError is not null)
            {
                writer.WriteString("path", parseError.Path);
                writer.WriteString("errorKind", parseError.Kind.ToString());
            }

            writer.WriteEndObject();
        }

        return new RefAssuredReceiveOutcome(status, code, detail, buffer.WrittenMemory, ProblemContentType) { ParseError = parseError };
    }

    private static (int Code, string Slug, string Title) Describe(RefAssuredReceiveStatus status) => status switch
    {
        RefAssuredReceiveStatus.UnknownEvent => (404, "unknown-event", "Unknown RefAssured event"),
        RefAssuredReceiveStatus.MissingKey => (401, "missing-key", "Missing verification key"),
        RefAssuredReceiveStatus.KeyMismatch => (401, "key-mismatch", "Verification key mismatch"),
        RefAssuredReceiveStatus.NoKeyConfigured => (401, "no-key-configured", "No verification key configured"),
        RefAssuredReceiveStatus.UnsupportedMediaType => (415, "unsupported-media-type", "Unsupported media type"),
        RefAssuredReceiveStatus.PayloadTooLarge => (413, "payload-too-large", "Payload too large"),
        RefAssuredReceiveStatus.BodyUnreadable => (400, "body-unreadable", "Body could not be read"),
        RefAssuredReceiveStatus.InvalidPayload => (400, "invalid-payload", "Invalid payload"),
        RefAssuredReceiveStatus.StoreUnavailable => (503, "store-unavailable", "Delivery could not be stored"),
        RefAssuredReceiveStatus.MethodNotAllowed => (405, "method-not-allowed", "Method not allowed"),
        RefAssuredReceiveStatus.HttpsRequired => (403, "https-required", "HTTPS required"),
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Not a problem status."),
    };
}

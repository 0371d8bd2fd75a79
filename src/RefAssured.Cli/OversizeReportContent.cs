using System.Net;
using RefAssured.Sdk.Testing;

namespace RefAssured.Cli;

/// <summary>
/// A reference report whose base64 content makes the body at least a given length, written as it is
/// sent rather than held in memory: a receiver refuses it by its length, so its bytes need not be a PDF.
/// </summary>
internal sealed class OversizeReportContent : HttpContent
{
    private const string Marker = "AAAA";
    private readonly byte[] prefix;
    private readonly byte[] suffix;
    private readonly long length;

    public OversizeReportContent(long minimumLength)
    {
        var file = new ReportFile { Base64Content = System.Text.Encoding.ASCII.GetBytes(Marker), FileType = RefAssuredPdf.MediaType, FileName = "oversize.pdf" };
        var body = RefAssuredEventJson.ToUtf8Bytes(RefAssuredSamples.ReferenceReport with { File = file });
        var at = body.AsSpan().IndexOf("\"AAAA\""u8) + 1;
        prefix = body[..at];
        suffix = body[(at + Marker.Length)..];
        // The base64 run is a whole number of 4-character groups, so the body stays well-formed.
        var run = Math.Max(0, minimumLength - prefix.Length - suffix.Length);
        length = prefix.Length + suffix.Length + ((run + 3) / 4 * 4);
        Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(prefix, cancellationToken).ConfigureAwait(false);
        var block = new byte[64 * 1024];
        Array.Fill(block, (byte)'A');
        for (var left = length - prefix.Length - suffix.Length; left > 0; left -= block.Length)
        {
            await stream.WriteAsync(block.AsMemory(0, (int)Math.Min(left, block.Length)), cancellationToken).ConfigureAwait(false);
        }

        await stream.WriteAsync(suffix, cancellationToken).ConfigureAwait(false);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override bool TryComputeLength(out long length)
    {
        length = this.length;
        return true;
    }
}

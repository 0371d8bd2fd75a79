using System.Net;

namespace RefAssured.Sdk.Conformance;

/// <summary>A body of zeros of any length, sent without being held in memory; without a declared length it goes chunked.</summary>
public sealed class ZeroContent(long length) : HttpContent
{
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        var block = new byte[64 * 1024];
        for (var sent = 0L; sent < length; sent += block.Length)
        {
            await stream.WriteAsync(block.AsMemory(0, (int)Math.Min(block.Length, length - sent)));
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}

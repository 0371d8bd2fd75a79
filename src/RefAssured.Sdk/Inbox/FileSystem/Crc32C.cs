using System.Buffers.Binary;
using System.Numerics;

namespace RefAssured.Sdk.Hosting;

/// <summary>
/// CRC-32C (Castagnoli), the checksum of inbox records, through
/// <see cref="BitOperations.Crc32C(uint, ulong)"/>: the processor's instruction where it has one
/// (SSE 4.2, ARMv8 CRC), the runtime's own software version otherwise.
/// </summary>
internal static class Crc32C
{
    /// <summary>Continues the checksum <paramref name="crc"/> of earlier bytes over <paramref name="data"/>.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        crc = ~crc;
        while (data.Length >= sizeof(ulong))
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[sizeof(ulong)..];
        }

        foreach (var b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return ~crc;
    }

    /// <summary>Computes the checksum of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Append(0, data);
}

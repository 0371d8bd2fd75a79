using System.Buffers.Binary;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace RefAssured.Sdk.Hosting;

/// <summary>
/// CRC-32C (Castagnoli), the checksum of inbox records: hardware instructions where the
/// processor has them (SSE 4.2, ARMv8 CRC), a table otherwise. The base library has none.
/// </summary>
/// <remarks>
/// Each hardware step waits for the one before, so long inputs are checksummed in three
/// independent chains over three consecutive blocks, which the processor runs side by side, and
/// the three results are joined: the CRC of a block appended to another is the first CRC carried
/// over the block's length in zeros (a fixed linear map, precomputed as tables) combined by
/// exclusive or with the block's own CRC from zero.
/// </remarks>
internal static class Crc32C
{
    private const uint Polynomial = 0x82F63B78;

    // Bytes per chain in the three-chain loop; inputs shorter than three blocks take one chain.
    private const int Block = 4096;

    private static readonly uint[] Table = CreateTable();
    private static readonly bool s_hardware = Sse42.X64.IsSupported || Crc32.Arm64.IsSupported;

    // Carry a register over Block and over 2 * Block zero bytes: four 256-entry tables each, one per byte.
    private static readonly uint[] s_overOneBlock = s_hardware ? CreateShiftTables(Block) : [];
    private static readonly uint[] s_overTwoBlocks = s_hardware ? CreateShiftTables(2 * Block) : [];

    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        crc = ~crc;
        if (s_hardware)
        {
            while (data.Length >= 3 * Block)
            {
                uint a = crc, b = 0, c = 0;
                for (var i = 0; i < Block; i += 8)
                {
                    a = Step(a, BinaryPrimitives.ReadUInt64LittleEndian(data[i..]));
                    b = Step(b, BinaryPrimitives.ReadUInt64LittleEndian(data[(Block + i)..]));
                    c = Step(c, BinaryPrimitives.ReadUInt64LittleEndian(data[((2 * Block) + i)..]));
                }

                crc = Shift(s_overTwoBlocks, a) ^ Shift(s_overOneBlock, b) ^ c;
                data = data[(3 * Block)..];
            }

            while (data.Length >= 8)
            {
                crc = Step(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
                data = data[8..];
            }
        }

        foreach (var b in data)
        {
            crc = Table[(byte)(crc ^ b)] ^ (crc >> 8);
        }

        return ~crc;
    }

    public static uint Compute(ReadOnlySpan<byte> data) => Append(0, data);

    private static uint Step(uint crc, ulong data) =>
        Sse42.X64.IsSupported ? (uint)Sse42.X64.Crc32(crc, data) : Crc32.Arm64.ComputeCrc32C(crc, data);

    private static uint Shift(uint[] tables, uint crc) =>
        tables[(byte)crc] ^ tables[256 + (byte)(crc >> 8)] ^ tables[512 + (byte)(crc >> 16)] ^ tables[768 + (int)(crc >> 24)];

    // The map is linear: carry each of the 32 register bits over the zeros once, then every
    // table entry is the exclusive or of the bits its byte sets.
    private static uint[] CreateShiftTables(int zeroBytes)
    {
        var bits = new uint[32];
        for (var bit = 0; bit < 32; bit++)
        {
            var register = 1u << bit;
            for (var i = 0; i < zeroBytes; i += 8)
            {
                register = Step(register, 0);
            }

            bits[bit] = register;
        }

        var tables = new uint[4 * 256];
        for (var part = 0; part < 4; part++)
        {
            for (var value = 0; value < 256; value++)
            {
                var shifted = 0u;
                for (var bit = 0; bit < 8; bit++)
                {
                    if ((value & (1 << bit)) != 0)
                    {
                        shifted ^= bits[(8 * part) + bit];
                    }
                }

                tables[(256 * part) + value] = shifted;
            }
        }

        return tables;
    }

    private static uint[] CreateTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var value = i;
            for (var bit = 0; bit < 8; bit++)
            {
                value = (value & 1) != 0 ? (value >> 1) ^ Polynomial : value >> 1;
            }

            table[i] = value;
        }

        return table;
    }
}

using System.Buffers.Binary;
using System.Runtime.Intrinsics.X86;
using BenchmarkDotNet.Attributes;

namespace RefAssured.Sdk.Benchmarks;

/// <summary>
/// The inbox's CRC-32C of a record payload (a small event, and a 10 MB report's 13.4 MB body)
/// against one chain of the same hardware instruction, 8 bytes a step.
/// </summary>
public class Crc32CBenchmarks
{
    private byte[] _data = [];

    [Params(1024, 13_981_139)]
    public int Bytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _data = new byte[Bytes];
        new Random(1).NextBytes(_data);
        if (Sse42.X64.IsSupported && OneChain() != Crc32C.Compute(_data))
        {
            throw new InvalidOperationException("The two checksums differ.");
        }
    }

    [Benchmark(Baseline = true, Description = "one chain, 8 bytes a step")]
    public uint OneChain()
    {
        ulong crc = uint.MaxValue;
        ReadOnlySpan<byte> data = _data;
        while (data.Length >= 8)
        {
            crc = Sse42.X64.Crc32(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }

        foreach (var b in data)
        {
            crc = Sse42.Crc32((uint)crc, b);
        }

        return ~(uint)crc;
    }

    [Benchmark(Description = "Crc32C.Compute")]
    public uint Compute() => Crc32C.Compute(_data);
}

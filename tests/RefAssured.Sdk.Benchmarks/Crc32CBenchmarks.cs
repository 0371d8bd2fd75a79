using BenchmarkDotNet.Attributes;

namespace RefAssured.Sdk.Benchmarks;

/// <summary>
/// The inbox's CRC-32C of a record payload: a small event, and a 10 MB report's 13.4 MB body.
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
    }

    [Benchmark(Description = "Crc32C.Compute")]
    public uint Compute() => Crc32C.Compute(_data);
}

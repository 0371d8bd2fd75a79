using BenchmarkDotNet.Attributes;

namespace RefAssured.Sdk.Benchmarks;

/// <summary>
/// Verifying the x-refassured-key header: a match and three kinds of mismatch must take the same
/// time (within the benchmark's error), so that timing tells an attacker nothing about the key.
/// </summary>
[MemoryDiagnoser]
public class KeyVerificationBenchmarks
{
    private const string Key = "6d015479-0123-abcd-4567-e8ef634acf45";
    private readonly RefAssuredKeySet _keys = new(Key);

    [Params("match", "first byte differs", "last byte differs", "length differs")]
    public string Case { get; set; } = "match";

    private string Presented => Case switch
    {
        "first byte differs" => "7" + Key[1..],
        "last byte differs" => Key[..^1] + "6",
        "length differs" => Key[..^4],
        _ => Key,
    };

    private string _presented = Key;

    [GlobalSetup]
    public void Setup() => _presented = Presented;

    [Benchmark]
    public RefAssuredKeyVerificationResult Verify() => _keys.Verify(_presented);
}

using BenchmarkDotNet.Attributes;

namespace RefAssured.Sdk.Benchmarks;

/// <summary>Parsing each of the vendor's four sample payloads from memory.</summary>
[MemoryDiagnoser]
public class SampleParseBenchmarks
{
    private byte[] _body = [];

    [Params("sales-optin", "candidate-optin", "candidate-notes", "reference-report")]
    public string Sample { get; set; } = "sales-optin";

    private RefAssuredEventType Type => RefAssuredEventTypes.TryParse(Sample, out var type) ? type : throw new InvalidOperationException(Sample);

    [GlobalSetup]
    public void Setup() => _body = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", Sample + ".json"));

    [Benchmark]
    public RefAssuredEvent? Parse() => RefAssuredEventParser.Parse(Type, _body.AsMemory()).Event;
}

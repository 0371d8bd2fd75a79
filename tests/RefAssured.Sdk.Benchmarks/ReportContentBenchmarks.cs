using System.Buffers.Text;
using BenchmarkDotNet.Attributes;
using RefAssured.Sdk.Testing;

namespace RefAssured.Sdk.Benchmarks;

/// <summary>
/// Parsing a reference report that carries a real PDF and reading its whole content, against the
/// floor of decoding the same base64 bytes into a preallocated buffer.
/// Targets: parse + read allocates at most 1.2x the PDF's size and takes at most 1.5x the baseline.
/// </summary>
[MemoryDiagnoser]
public class ReportContentBenchmarks
{
    private byte[] _body = [];
    private byte[] _base64 = [];
    private byte[] _decoded = [];

    [Params(1 * 1024 * 1024, 10 * 1024 * 1024)]
    public int PdfBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var pdf = PdfFactory.Create(PdfBytes);
        _body = PdfFactory.ReportBody(pdf);
        _base64 = System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(pdf));
        _decoded = new byte[pdf.Length];

        // Fail fast rather than measure something that does not work.
        var report = (ReferenceReport)RefAssuredEventParser.Parse(RefAssuredEventType.ReferenceReport, _body.AsMemory()).Event!;
        if (!report.File!.ReadContent().AsSpan().SequenceEqual(pdf))
        {
            throw new InvalidOperationException("The parsed report does not round-trip its PDF.");
        }
    }

    [Benchmark(Baseline = true, Description = "Base64.DecodeFromUtf8 into a preallocated buffer")]
    public int DecodeBaseline()
    {
        Base64.DecodeFromUtf8(_base64, _decoded, out _, out var written);
        return written;
    }

    [Benchmark(Description = "Parse + ReadContent() into a byte array")]
    public int ParseAndReadContent()
    {
        var report = (ReferenceReport)RefAssuredEventParser.Parse(RefAssuredEventType.ReferenceReport, _body.AsMemory()).Event!;
        return report.File!.ReadContent().Length;
    }

    [Benchmark(Description = "Parse + CopyContentTo() a preallocated buffer")]
    public int ParseAndCopyContent()
    {
        var report = (ReferenceReport)RefAssuredEventParser.Parse(RefAssuredEventType.ReferenceReport, _body.AsMemory()).Event!;
        return report.File!.CopyContentTo(_decoded);
    }

    [Benchmark(Description = "Parse + OpenRead() copied to a null sink")]
    public long ParseAndStreamToNull()
    {
        var report = (ReferenceReport)RefAssuredEventParser.Parse(RefAssuredEventType.ReferenceReport, _body.AsMemory()).Event!;
        using var stream = report.File!.OpenRead();
        stream.CopyTo(Stream.Null, 64 * 1024);
        return report.File.Base64Content.Length;
    }

    [Benchmark(Description = "Parse only")]
    public object? ParseOnly() => RefAssuredEventParser.Parse(RefAssuredEventType.ReferenceReport, _body.AsMemory()).Event;
}

using BenchmarkDotNet.Attributes;
using RefAssured.Sdk.Testing;

namespace RefAssured.Sdk.Benchmarks;

/// <summary>
/// Saving a report's PDF durably: <see cref="ReportFile.SaveAsync"/> (decoded piece by piece
/// into a temporary file, flushed, renamed, directory flushed)
/// against decoding it whole and writing it through a <see cref="FileStream"/> flushed to disk.
/// Each save replaces the file of the one before, in a directory of its own.
/// </summary>
[MemoryDiagnoser]
public class ReportSaveBenchmarks
{
    private readonly ReportSaveOptions _overwrite = new() { Overwrite = true };
    private string _directory = string.Empty;
    private ReportFile _file = new();

    [Params(1 * 1024 * 1024, 10 * 1024 * 1024)]
    public int PdfBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "refassured-save-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        var pdf = PdfFactory.Create(PdfBytes);
        var report = (ReferenceReport)RefAssuredEventParser.Parse(RefAssuredEventType.ReferenceReport, PdfFactory.ReportBody(pdf).AsMemory()).Event!;
        _file = report.File!;

        // Fail fast rather than measure something that does not work.
        var path = _file.SaveAsync(_directory, "check.pdf").GetAwaiter().GetResult();
        if (!File.ReadAllBytes(path).AsSpan().SequenceEqual(pdf))
        {
            throw new InvalidOperationException("The saved report differs from its PDF.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    [Benchmark(Baseline = true, Description = "ReadContent() + FileStream write, flushed to disk")]
    public async Task<long> DecodeAndWrite()
    {
        var content = _file.ReadContent();
        var stream = new FileStream(Path.Combine(_directory, "baseline.pdf"), FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            await stream.WriteAsync(content).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
            return stream.Length;
        }
    }

    [Benchmark(Description = "ReportFile.SaveAsync")]
    public Task<string> SaveAsync() => _file.SaveAsync(_directory, "report.pdf", _overwrite);
}

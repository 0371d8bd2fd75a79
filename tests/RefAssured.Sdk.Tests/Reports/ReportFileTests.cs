using System.Runtime.InteropServices;
using System.Text;
using RefAssured.Sdk.Testing;

namespace RefAssured.Sdk.Tests.Reports;

public sealed class ReportFileTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "refassured-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Theory]
    [InlineData(3000)]
    [InlineData(3001)]
    [InlineData(3002)]
    public void ReadContent_ValidPdf_ReturnsExactBytes(int size)
    {
        var pdf = PdfFactory.Create(size);
        var report = ParseReport(PdfFactory.ReportBody(pdf));

        Assert.Equal(pdf, report.File!.ReadContent());
        Assert.True(report.File.TryGetContentLength(out var length));
        Assert.Equal(pdf.Length, length);
        Assert.True(report.File.HasValidContent());
        Assert.True(report.File.IsPdf);
    }

    [Fact]
    public void Parse_FromMemory_ContentIsASliceOfTheBodyNotACopy()
    {
        var body = PdfFactory.ReportBody(PdfFactory.Create(5000));

        var report = ParseReport(body);

        Assert.True(MemoryMarshal.TryGetArray(report.File!.Base64Content, out var segment));
        Assert.Same(body, segment.Array);
    }

    [Fact]
    public void Parse_ContentWithEscapedSlashesAndNewlines_IsUnescapedAndDecodes()
    {
        var pdf = PdfFactory.Create(4000, seed: 7);
        var base64 = Convert.ToBase64String(pdf, Base64FormattingOptions.InsertLineBreaks).Replace("/", "\\/", StringComparison.Ordinal).Replace("\r\n", "\\r\\n", StringComparison.Ordinal);
        var body = Encoding.UTF8.GetBytes($$$"""{"file":{"base64Content":"{{{base64}}}"}}""");

        var report = ParseReport(body);

        Assert.Equal(pdf, report.File!.ReadContent());
        Assert.Equal(pdf, ReadAll(report.File.OpenRead(), 1000));
        Assert.True(report.File.IsPdf);
    }

    [Fact]
    public void ReadContent_VendorSampleTruncatedBase64_ThrowsNamingTheField()
    {
        var report = ParseReport(Fixture.Bytes(Fixture.ReferenceReport));

        var ex = Assert.Throws<ReportContentException>(() => report.File!.ReadContent());

        Assert.Equal(ReportContentProblem.InvalidBase64, ex.Problem);
        Assert.Equal("$.file.base64Content", ex.FieldPath);
        Assert.Contains("$.file.base64Content", ex.Message, StringComparison.Ordinal);
        Assert.Equal(40, ex.Offset);
        Assert.False(report.File!.HasValidContent());
        Assert.False(report.File.TryGetContentLength(out _));
    }

    [Fact]
    public void OpenRead_InvalidBase64_ThrowsOnRead()
    {
        var report = ParseReport(Fixture.Bytes(Fixture.ReferenceReport));
        using var stream = report.File!.OpenRead();

        var ex = Assert.Throws<ReportContentException>(() => stream.CopyTo(Stream.Null));

        Assert.Equal(ReportContentProblem.InvalidBase64, ex.Problem);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(4096)]
    [InlineData(100_000)]
    public void OpenRead_AnyBufferSize_StreamsExactBytes(int bufferSize)
    {
        var pdf = PdfFactory.Create(20_000);
        var report = ParseReport(PdfFactory.ReportBody(pdf));

        using var stream = report.File!.OpenRead();

        Assert.True(stream.CanRead);
        Assert.False(stream.CanSeek);
        Assert.Equal(pdf, ReadAll(stream, bufferSize));
    }

    [Fact]
    public void CopyContentTo_ExactBuffer_WritesPdf()
    {
        var pdf = PdfFactory.Create(10_001);
        var file = ParseReport(PdfFactory.ReportBody(pdf)).File!;
        var buffer = new byte[pdf.Length + 10];

        var written = file.CopyContentTo(buffer);

        Assert.Equal(pdf.Length, written);
        Assert.Equal(pdf, buffer[..written]);
    }

    [Fact]
    public void CopyContentTo_TooSmallBuffer_ThrowsArgumentException()
    {
        var file = ParseReport(PdfFactory.ReportBody(PdfFactory.Create(10_000))).File!;

        var ex = Assert.Throws<ArgumentException>(() => file.CopyContentTo(new byte[100]));

        Assert.Equal("destination", ex.ParamName);
    }

    [Fact]
    public void CopyContentTo_InvalidBase64_ThrowsReportContentException()
    {
        var file = ParseReport(Fixture.Bytes(Fixture.ReferenceReport)).File!;

        var ex = Assert.Throws<ReportContentException>(() => file.CopyContentTo(new byte[1000]));

        Assert.Equal(ReportContentProblem.InvalidBase64, ex.Problem);
        Assert.Equal(40, ex.Offset);
    }

    [Fact]
    public void IsPdf_Base64OfNonPdf_IsFalseButContentIsValid()
    {
        var file = new ReportFile { Base64Content = Encoding.ASCII.GetBytes(Convert.ToBase64String("PK\u0003\u0004 not a pdf"u8.ToArray())) };

        Assert.False(file.IsPdf);
        Assert.True(file.HasValidContent());
        Assert.Equal("PK\u0003\u0004 not a pdf"u8.ToArray(), file.ReadContent());
    }

    [Theory]
    [InlineData("")]
    [InlineData("JVBE")]
    [InlineData("!!!!!!!!")]
    public void IsPdf_TooShortOrInvalid_IsFalse(string base64)
    {
        Assert.False(new ReportFile { Base64Content = Encoding.ASCII.GetBytes(base64) }.IsPdf);
    }

    [Fact]
    public void ReadContent_EmptyContent_ThrowsMissing()
    {
        var ex = Assert.Throws<ReportContentException>(() => new ReportFile().ReadContent());

        Assert.Equal(ReportContentProblem.Missing, ex.Problem);
        Assert.Throws<ReportContentException>(() => new ReportFile().OpenRead());
    }

    [Fact]
    public async Task SaveAsync_ValidPdf_WritesIdenticalBytesAtomically()
    {
        var pdf = PdfFactory.Create(300_000);
        var report = ParseReport(PdfFactory.ReportBody(pdf));

        var path = await report.SaveFileAsync(_directory, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(Path.Combine(Path.GetFullPath(_directory), "RefAssured_PreHire_Reference_John_Doe_10001.pdf"), path);
        Assert.Equal(pdf, await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken));
        Assert.Single(Directory.GetFiles(_directory));
    }

    // The content is decoded and written in pieces of 64 KiB.
    private const int SavePiece = 64 * 1024;

    public static TheoryData<int, bool> LargeSizes => new()
    {
        { SavePiece, false },
        { SavePiece + 1, false },
        { (2 * SavePiece) + 12_345, true },
        { (48 * SavePiece) + 4096, false },
        { (48 * SavePiece) - 1, true },
    };

    // The file must come out the same at every size around the pieces' boundaries, with or without line breaks.
    [Theory]
    [MemberData(nameof(LargeSizes))]
    public async Task SaveAsync_LargeContent_WritesIdenticalBytes(int size, bool lineBreaks)
    {
        var content = new byte[size];
        new Random(size).NextBytes(content);
        "%PDF-1.7\n"u8.CopyTo(content);
        var base64 = Convert.ToBase64String(content, lineBreaks ? Base64FormattingOptions.InsertLineBreaks : Base64FormattingOptions.None);
        var file = new ReportFile { Base64Content = Encoding.ASCII.GetBytes(base64) };

        var path = await file.SaveAsync(_directory, "large.pdf", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(content, await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken));
        Assert.Single(Directory.GetFiles(_directory));
    }

    [Fact]
    public async Task SaveAsync_InvalidBase64PastTheFirstMegabytes_ThrowsAndLeavesNoFile()
    {
        var content = new byte[48 * SavePiece];
        "%PDF-1.7\n"u8.CopyTo(content);
        var base64 = Encoding.ASCII.GetBytes(Convert.ToBase64String(content));
        var bad = (base64.Length / 2) + 1;
        base64[bad] = (byte)'!';
        var file = new ReportFile { Base64Content = base64 };

        var ex = await Assert.ThrowsAsync<ReportContentException>(() => file.SaveAsync(_directory, "bad.pdf", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(ReportContentProblem.InvalidBase64, ex.Problem);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_directory));
    }

    [Fact]
    public async Task SaveAsync_ExistingFile_RefusesAndKeepsIt()
    {
        var report = ParseReport(PdfFactory.ReportBody(PdfFactory.Create(3000)));
        Directory.CreateDirectory(_directory);
        var existing = Path.Combine(_directory, report.SafeFileName);
        await File.WriteAllTextAsync(existing, "keep me", TestContext.Current.CancellationToken);

        var ex = await Assert.ThrowsAsync<IOException>(() => report.SaveFileAsync(_directory, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("already exists", ex.Message, StringComparison.Ordinal);
        Assert.Equal("keep me", await File.ReadAllTextAsync(existing, TestContext.Current.CancellationToken));
        Assert.Single(Directory.GetFiles(_directory));
    }

    [Fact]
    public async Task SaveAsync_ExistingFileWithOverwrite_ReplacesIt()
    {
        var pdf = PdfFactory.Create(3000);
        var report = ParseReport(PdfFactory.ReportBody(pdf));
        Directory.CreateDirectory(_directory);
        await File.WriteAllTextAsync(Path.Combine(_directory, report.SafeFileName), "old", TestContext.Current.CancellationToken);

        var path = await report.SaveFileAsync(_directory, new ReportSaveOptions { Overwrite = true }, TestContext.Current.CancellationToken);

        Assert.Equal(pdf, await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken));
        Assert.Single(Directory.GetFiles(_directory));
    }

    [Fact]
    public async Task SaveAsync_NonPdfContent_RefusesUnlessAllowed()
    {
        var bytes = "plain text, not a report"u8.ToArray();
        var file = new ReportFile { Base64Content = Encoding.ASCII.GetBytes(Convert.ToBase64String(bytes)) };

        var ex = await Assert.ThrowsAsync<ReportContentException>(() => file.SaveAsync(_directory, "a.pdf", cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(ReportContentProblem.NotPdf, ex.Problem);
        Assert.False(Directory.Exists(_directory) && Directory.EnumerateFileSystemEntries(_directory).Any());

        var path = await file.SaveAsync(_directory, "a.pdf", new ReportSaveOptions { RequirePdf = false }, TestContext.Current.CancellationToken);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task SaveAsync_InvalidBase64AfterPdfHeader_ThrowsAndLeavesNoFile()
    {
        var report = ParseReport(Fixture.Bytes(Fixture.ReferenceReport));

        var ex = await Assert.ThrowsAsync<ReportContentException>(() => report.SaveFileAsync(_directory, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(ReportContentProblem.InvalidBase64, ex.Problem);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_directory));
    }

    [Fact]
    public async Task SaveAsync_HostileFileName_StaysInsideDirectory()
    {
        var pdf = PdfFactory.Create(2000);
        var report = ParseReport(PdfFactory.ReportBody(pdf, fileName: "../../etc/passwd"));

        var path = await report.SaveFileAsync(_directory, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(Path.Combine(Path.GetFullPath(_directory), "passwd.pdf"), path);
        Assert.Equal(pdf, await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task SaveAsync_Cancelled_LeavesNoFile()
    {
        var report = ParseReport(PdfFactory.ReportBody(PdfFactory.Create(3_000_000)));
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => report.SaveFileAsync(_directory, cancellationToken: cts.Token));

        Assert.Empty(Directory.EnumerateFileSystemEntries(_directory));
    }

    [Fact]
    public void ToString_OmitsFileNameWithCandidateName()
    {
        var report = ParseReport(Fixture.Bytes(Fixture.ReferenceReport));

        Assert.Equal("ReportFile { FileType = application/pdf, Base64Length = 43 }", report.File!.ToString());
    }

    private static ReferenceReport ParseReport(byte[] body) => Fixture.ParseOk<ReferenceReport>(RefAssuredEventType.ReferenceReport, body);

    private static byte[] ReadAll(Stream stream, int bufferSize)
    {
        var output = new MemoryStream();
        var buffer = new byte[bufferSize];
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            output.Write(buffer, 0, read);
        }

        return output.ToArray();
    }
}

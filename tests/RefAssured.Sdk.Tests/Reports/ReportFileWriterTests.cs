using System.Runtime.Versioning;
using System.Text;
using RefAssured.Sdk.Testing;

namespace RefAssured.Sdk.Tests.Reports;

/// <summary>Saving a report: atomic, streaming, inside its directory, and private on Unix.</summary>
public sealed class ReportFileWriterTests : IDisposable
{
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyDirectory = OwnerOnlyFile | UnixFileMode.UserExecute;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "refassured-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
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
    [UnsupportedOSPlatform("windows")]
    public async Task SaveAsync_MissingDirectories_AreCreatedOwnerOnlyAndTheFileToo()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file modes do not exist on Windows.");
        var nested = Path.Combine(_directory, "tenant", "reports");

        var path = await ParseReport(PdfFactory.ReportBody(PdfFactory.Create(3000))).SaveFileAsync(nested, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(path));
        Assert.Equal(OwnerOnlyDirectory, File.GetUnixFileMode(nested));
        Assert.Equal(OwnerOnlyDirectory, File.GetUnixFileMode(Path.GetDirectoryName(nested)!));
        Assert.Equal(OwnerOnlyDirectory, File.GetUnixFileMode(_directory));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task SaveAsync_Overwrite_ReplacementIsOwnerOnly()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file modes do not exist on Windows.");
        Directory.CreateDirectory(_directory);
        var existing = Path.Combine(_directory, "a.pdf");
        await File.WriteAllTextAsync(existing, "old", TestContext.Current.CancellationToken);
        File.SetUnixFileMode(existing, (UnixFileMode)0b110_100_100);
        var file = ParseReport(PdfFactory.ReportBody(PdfFactory.Create(3000))).File!;

        var path = await file.SaveAsync(_directory, "a.pdf", new ReportSaveOptions { Overwrite = true }, TestContext.Current.CancellationToken);

        Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(path));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task SaveAsync_GroupReadableMode_AppliesToFileAndNewDirectory()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file modes do not exist on Windows.");
        var options = new ReportSaveOptions { UnixCreateMode = OwnerOnlyFile | UnixFileMode.GroupRead };
        var file = ParseReport(PdfFactory.ReportBody(PdfFactory.Create(3000))).File!;

        var path = await file.SaveAsync(_directory, "a.pdf", options, TestContext.Current.CancellationToken);

        Assert.Equal(OwnerOnlyFile | UnixFileMode.GroupRead, File.GetUnixFileMode(path));
        Assert.Equal(OwnerOnlyDirectory | UnixFileMode.GroupRead | UnixFileMode.GroupExecute, File.GetUnixFileMode(_directory));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task SaveAsync_ExistingDirectory_KeepsItsMode()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file modes do not exist on Windows.");
        var shared = OwnerOnlyDirectory | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;
        Directory.CreateDirectory(_directory);
        File.SetUnixFileMode(_directory, shared);

        var path = await ParseReport(PdfFactory.ReportBody(PdfFactory.Create(3000))).SaveFileAsync(_directory, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(shared, File.GetUnixFileMode(_directory));
        Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(path));
    }

    private static ReferenceReport ParseReport(byte[] body) => Fixture.ParseOk<ReferenceReport>(RefAssuredEventType.ReferenceReport, body);
}

using System.Text;
using RefAssured.Sdk.Testing;

namespace RefAssured.Sdk.Tests.Reports;

/// <summary>Saving onto a name already taken: no report is ever replaced or lost, a redelivery writes nothing.</summary>
public sealed class ReportFilePlacementTests : IDisposable
{
    private const string Name = "RefAssured_PreHire_Reference_John_Doe_10001.pdf";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "refassured-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task SaveAsync_SameBytesAgain_ReturnsTheSavedFileWithoutWritingIt()
    {
        var pdf = PdfFactory.Create(300_000);
        var report = ParseReport(PdfFactory.ReportBody(pdf));
        var first = await report.SaveFileAsync(_directory, cancellationToken: TestContext.Current.CancellationToken);
        var written = new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(first, written);

        var second = await report.SaveFileAsync(_directory, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(first, second);
        Assert.Equal(written, File.GetLastWriteTimeUtc(second));
        Assert.Equal(pdf, await File.ReadAllBytesAsync(second, TestContext.Current.CancellationToken));
        Assert.Single(Directory.GetFileSystemEntries(_directory));
    }

    [Fact]
    public async Task SaveAsync_OtherBytesUnderOneName_KeepsEveryReportUnderNumberedNames()
    {
        var pdfs = new[] { PdfFactory.Create(3000, seed: 1), PdfFactory.Create(3000, seed: 2), PdfFactory.Create(3100, seed: 3) };
        var paths = new List<string>();
        foreach (var pdf in pdfs)
        {
            paths.Add(await ParseReport(PdfFactory.ReportBody(pdf)).SaveFileAsync(_directory, cancellationToken: TestContext.Current.CancellationToken));
        }

        Assert.Equal([Name, "RefAssured_PreHire_Reference_John_Doe_10001 (2).pdf", "RefAssured_PreHire_Reference_John_Doe_10001 (3).pdf"], paths.Select(Path.GetFileName));
        for (var i = 0; i < pdfs.Length; i++)
        {
            Assert.Equal(pdfs[i], await File.ReadAllBytesAsync(paths[i], TestContext.Current.CancellationToken));
        }

        // A redelivery of the second report finds it under its numbered name.
        Assert.Equal(paths[1], await ParseReport(PdfFactory.ReportBody(pdfs[1])).SaveFileAsync(_directory, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(3, Directory.GetFileSystemEntries(_directory).Length);
    }

    [Fact]
    public async Task SaveAsync_FileOfOtherContentAlreadyThere_IsKeptAndTheReportSavedBesideIt()
    {
        var pdf = PdfFactory.Create(3000);
        Directory.CreateDirectory(_directory);
        var existing = Path.Combine(_directory, Name);
        await File.WriteAllTextAsync(existing, "keep me", TestContext.Current.CancellationToken);

        var path = await ParseReport(PdfFactory.ReportBody(pdf)).SaveFileAsync(_directory, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(Path.Combine(Path.GetFullPath(_directory), "RefAssured_PreHire_Reference_John_Doe_10001 (2).pdf"), path);
        Assert.Equal("keep me", await File.ReadAllTextAsync(existing, TestContext.Current.CancellationToken));
        Assert.Equal(pdf, await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task SaveAsync_ExistingFileWithOverwrite_ReplacesIt()
    {
        var pdf = PdfFactory.Create(3000);
        var report = ParseReport(PdfFactory.ReportBody(pdf));
        Directory.CreateDirectory(_directory);
        await File.WriteAllTextAsync(Path.Combine(_directory, report.SafeFileName), "old", TestContext.Current.CancellationToken);

        var path = await report.SaveFileAsync(_directory, new ReportSaveOptions { Overwrite = true }, TestContext.Current.CancellationToken);

        Assert.Equal(Path.Combine(Path.GetFullPath(_directory), Name), path);
        Assert.Equal(pdf, await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken));
        Assert.Single(Directory.GetFileSystemEntries(_directory));
    }

    [Fact]
    public async Task SaveAsync_DifferentReportsOfOneNameAtOnce_EachGetsAFileOfItsOwn()
    {
        var pdfs = Enumerable.Range(1, 8).Select(seed => PdfFactory.Create(200_000, seed)).ToArray();

        var paths = await Task.WhenAll(pdfs.Select(pdf => Task.Run(() => ParseReport(PdfFactory.ReportBody(pdf)).SaveFileAsync(_directory, cancellationToken: TestContext.Current.CancellationToken))));

        Assert.Equal(pdfs.Length, paths.Distinct().Count());
        for (var i = 0; i < pdfs.Length; i++)
        {
            Assert.Equal(pdfs[i], await File.ReadAllBytesAsync(paths[i], TestContext.Current.CancellationToken));
        }

        Assert.Equal(pdfs.Length, Directory.GetFileSystemEntries(_directory).Length);
    }

    [Fact]
    public async Task SaveAsync_OneReportSavedManyTimesAtOnce_IsOneFile()
    {
        var pdf = PdfFactory.Create(200_000);

        var paths = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => ParseReport(PdfFactory.ReportBody(pdf)).SaveFileAsync(_directory, cancellationToken: TestContext.Current.CancellationToken))));

        var path = Assert.Single(paths.Distinct());
        Assert.Equal(pdf, await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken));
        Assert.Single(Directory.GetFileSystemEntries(_directory));
    }

    [Fact]
    public async Task SaveAsync_EveryNameHoldsAnotherReport_ThrowsAndChangesNothing()
    {
        Directory.CreateDirectory(_directory);
        var placement = new ReportFilePlacement(Path.GetFullPath(_directory), "a.pdf");
        for (var number = 1; number <= ReportFilePlacement.MaxNames; number++)
        {
            await File.WriteAllTextAsync(placement.PathOf(number), "other", TestContext.Current.CancellationToken);
        }

        var file = ParseReport(PdfFactory.ReportBody(PdfFactory.Create(3000))).File!;
        var ex = await Assert.ThrowsAsync<IOException>(() => file.SaveAsync(_directory, "a.pdf", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("holds another report", ex.Message, StringComparison.Ordinal);
        Assert.Equal(ReportFilePlacement.MaxNames, Directory.GetFileSystemEntries(_directory).Length);
        Assert.Equal("other", await File.ReadAllTextAsync(placement.PathOf(1), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task SaveAsync_LongNonLatinNamesOfTwoRequests_AreTwoFiles()
    {
        var cjk = new string('\u4E2D', 60);
        var first = PdfFactory.Create(3000, seed: 1);
        var second = PdfFactory.Create(3000, seed: 2);

        var firstPath = await ParseReport(PdfFactory.ReportBody(first, $"RefAssured_PreHire_Reference_{cjk}_10001.pdf")).SaveFileAsync(_directory, cancellationToken: TestContext.Current.CancellationToken);
        var secondPath = await ParseReport(PdfFactory.ReportBody(second, $"RefAssured_PreHire_Reference_{cjk}_10002.pdf")).SaveFileAsync(_directory, cancellationToken: TestContext.Current.CancellationToken);

        Assert.EndsWith("_10001.pdf", firstPath, StringComparison.Ordinal);
        Assert.EndsWith("_10002.pdf", secondPath, StringComparison.Ordinal);
        Assert.Equal(first, await File.ReadAllBytesAsync(firstPath, TestContext.Current.CancellationToken));
        Assert.Equal(second, await File.ReadAllBytesAsync(secondPath, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task SaveFileAsync_TwoReportsOfOneCandidateWithUnusableNames_AreNamedAfterTheirDeliveries()
    {
        var first = await SaveWithContextAsync(PdfFactory.Create(3000, seed: 1), "CON", "01JDREPORT000000000000000A");
        var second = await SaveWithContextAsync(PdfFactory.Create(3000, seed: 2), "", "01JDREPORT000000000000000B");

        Assert.Equal("RefAssured_Report_01JDREPORT000000000000000A.pdf", Path.GetFileName(first));
        Assert.Equal("RefAssured_Report_01JDREPORT000000000000000B.pdf", Path.GetFileName(second));
    }

    private async Task<string> SaveWithContextAsync(byte[] pdf, string fileName, string deliveryId)
    {
        var body = Encoding.UTF8.GetBytes(
            $$$"""{"candidate":{"personId":30001,"personFirst":"John","personLast":"Doe"},"file":{"base64Content":"{{{Convert.ToBase64String(pdf)}}}","fileType":"application/pdf","fileName":"{{{fileName}}}"}}""");
        var context = new RefAssuredEventContext(new RefAssuredDelivery(deliveryId, RefAssuredEventType.ReferenceReport, DateTimeOffset.UnixEpoch, body));

        return await ParseReport(body).SaveFileAsync(_directory, context, cancellationToken: TestContext.Current.CancellationToken);
    }

    private static ReferenceReport ParseReport(byte[] body) => Fixture.ParseOk<ReferenceReport>(RefAssuredEventType.ReferenceReport, body);
}

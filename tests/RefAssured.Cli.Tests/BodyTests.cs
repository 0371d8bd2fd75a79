using System.Text.Json;

namespace RefAssured.Cli.Tests;

public sealed class BodyTests
{
    [Theory]
    [InlineData(4_096)]
    [InlineData(1_000_000)]
    public void Report_ParsesAsTheSampleReportCarryingAValidPdfOfAboutThatSize(int size)
    {
        var body = Samples.Report(size);

        var result = RefAssuredEventParser.Parse(RefAssuredEventType.ReferenceReport, body);
        var report = Assert.IsType<ReferenceReport>(result.Event);
        var file = report.File!;

        Assert.True(file.IsPdf);
        Assert.True(file.TryGetContentLength(out var length));
        Assert.InRange(length, size - 512, size + 512);
        Assert.Equal(30001, report.Candidate?.PersonId);
    }

    [Fact]
    public void Get_ReferenceReport_IsTheVendorSampleCarryingAValidPdf()
    {
        var report = Assert.IsType<ReferenceReport>(RefAssuredEventParser.Parse(RefAssuredEventType.ReferenceReport, Samples.Get(RefAssuredEventType.ReferenceReport)).Event);

        Assert.True(report.File!.HasValidContent());
        Assert.True(report.File.IsPdf);
        Assert.Equal("RefAssured_PreHire_Reference_John_Doe_10001.pdf", report.File.FileName);
    }

    [Theory]
    [InlineData(1_000)]
    [InlineData(41L * 1024 * 1024)]
    public async Task OversizeContent_IsAReportOfAtLeastTheLengthItDeclares(long minimum)
    {
        using var content = new OversizeReportContent(minimum);
        var bytes = await content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);

        Assert.True(content.Headers.ContentLength >= minimum);
        Assert.Equal(content.Headers.ContentLength, bytes.Length);
        Assert.Equal("application/json", content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(bytes);
        var base64 = document.RootElement.GetProperty("file").GetProperty("base64Content").GetString()!;
        Assert.Equal(0, base64.Length % 4);
        Assert.All(Convert.FromBase64String(base64), b => Assert.Equal(0, b));
    }

    [Theory]
    [InlineData("2048", 2048)]
    [InlineData("10MB", 10_000_000)]
    [InlineData("512kb", 512_000)]
    [InlineData("40MiB", 40 * 1024 * 1024)]
    [InlineData("1.5M", 1_572_864)]
    [InlineData("256MiB", 256 * 1024 * 1024)]
    public void SizeParser_ReadsDecimalAndBinaryUnits(string text, int expected) => Assert.Equal(expected, SizeParser.Parse(text));

    [Theory]
    [InlineData("0")]
    [InlineData("-1MB")]
    [InlineData("257MiB")]
    [InlineData("3GB")]
    [InlineData("ten")]
    public void SizeParser_NonPositiveTooLargeOrUnreadable_IsAUsageError(string text)
    {
        var ex = Assert.Throws<CliException>(() => SizeParser.Parse(text));

        Assert.Equal(ExitCodes.Usage, ex.ExitCode);
        Assert.Contains(text, ex.Message, StringComparison.Ordinal);
    }
}

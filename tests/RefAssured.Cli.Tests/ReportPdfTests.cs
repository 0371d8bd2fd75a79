using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace RefAssured.Cli.Tests;

public sealed partial class ReportPdfTests
{
    [Theory]
    [InlineData(2_000)]
    [InlineData(99_999)]
    [InlineData(1_000_000)]
    public void Create_GivesAPdfOfExactlyThatSizeWhoseCrossReferencesPointAtItsObjects(int size)
    {
        var pdf = ReportPdf.Create(size);
        var text = Encoding.Latin1.GetString(pdf);

        Assert.Equal(size, pdf.Length);
        Assert.StartsWith("%PDF-1.7\n", text, StringComparison.Ordinal);
        Assert.EndsWith("%%EOF\n", text, StringComparison.Ordinal);
        var startxref = long.Parse(StartXref().Match(text).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.StartsWith("xref\n0 6\n", text[(int)startxref..], StringComparison.Ordinal);
        var offsets = XrefEntry().Matches(text[(int)startxref..]).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(5, offsets.Count);
        for (var i = 0; i < offsets.Count; i++)
        {
            Assert.StartsWith($"{i + 1} 0 obj\n", text[offsets[i]..], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ReportBody_IsAReferenceReportCarryingThePdfAsBase64()
    {
        var pdf = ReportPdf.Create(5_000);

        using var document = JsonDocument.Parse(ReportPdf.ReportBody(pdf));
        var file = document.RootElement.GetProperty("file");

        Assert.Equal(pdf, Convert.FromBase64String(file.GetProperty("base64Content").GetString()!));
        Assert.Equal("application/pdf", file.GetProperty("fileType").GetString());
        Assert.Equal(10001, document.RootElement.GetProperty("referenceRequestId").GetInt32());
    }

    [Theory]
    [InlineData("2048", 2048)]
    [InlineData("10MB", 10_000_000)]
    [InlineData("512kb", 512_000)]
    [InlineData("40MiB", 40L * 1024 * 1024)]
    [InlineData("1.5M", 1_572_864)]
    public void SizeParser_ReadsDecimalAndBinaryUnits(string text, long expected) => Assert.Equal(expected, SizeParser.Parse(text));

    [Theory]
    [InlineData("0")]
    [InlineData("-1MB")]
    [InlineData("3GB")]
    [InlineData("ten")]
    public void SizeParser_NonPositiveTooLargeOrUnreadable_IsAUsageError(string text)
    {
        var ex = Assert.Throws<CliException>(() => SizeParser.Parse(text));

        Assert.Equal(ExitCodes.Usage, ex.ExitCode);
    }

    [GeneratedRegex(@"startxref\n(\d+)\n%%EOF\n$")]
    private static partial Regex StartXref();

    [GeneratedRegex(@"(\d{10}) 00000 n \n")]
    private static partial Regex XrefEntry();
}

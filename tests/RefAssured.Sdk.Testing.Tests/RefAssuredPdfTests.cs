using System.Text;

namespace RefAssured.Sdk.Testing.Tests;

public sealed class RefAssuredPdfTests
{
    [Theory]
    [InlineData(4_096)]
    [InlineData(1_000_000)]
    [InlineData(10 * 1024 * 1024)]
    public void Create_IsReadAsAPdfByTheReportFileAndNearTheRequestedSize(int size)
    {
        var pdf = RefAssuredPdf.Create(size);
        var file = RefAssuredPdf.CreateReportFile(pdf);

        Assert.InRange(pdf.Length, size - 512, size + 512);
        Assert.True(file.IsPdf);
        Assert.True(file.HasValidContent());
        Assert.Equal(pdf, file.ReadContent());
        Assert.Equal(RefAssuredPdf.MediaType, file.FileType);
    }

    [Fact]
    public void Create_HasACrossReferenceTablePointingAtEachObject()
    {
        var pdf = RefAssuredPdf.Create(8_192);
        var text = Encoding.Latin1.GetString(pdf);

        var startxref = long.Parse(text[(text.LastIndexOf("startxref\n", StringComparison.Ordinal) + 10)..].Split('\n')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.StartsWith("xref\n0 6\n", text[(int)startxref..], StringComparison.Ordinal);
        var entries = text[(int)startxref..].Split('\n').Skip(3).Take(5).ToList();
        for (var i = 0; i < entries.Count; i++)
        {
            var offset = int.Parse(entries[i][..10], System.Globalization.CultureInfo.InvariantCulture);
            Assert.StartsWith($"{i + 1} 0 obj", text[offset..], StringComparison.Ordinal);
        }

        Assert.EndsWith("%%EOF\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_SameSeedGivesSameBytesAndOtherSeedDiffers()
    {
        Assert.Equal(RefAssuredPdf.Create(5_000, seed: 7), RefAssuredPdf.Create(5_000, seed: 7));
        Assert.NotEqual(RefAssuredPdf.Create(5_000, seed: 7), RefAssuredPdf.Create(5_000, seed: 8));
    }

    [Fact]
    public void Create_NegativeSize_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => RefAssuredPdf.Create(-1));
}

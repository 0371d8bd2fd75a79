using System.Runtime.InteropServices;
using System.Text;
using RefAssured.Sdk.Testing;

namespace RefAssured.Sdk.Tests.Reports;

public sealed class ReportFileTests
{
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

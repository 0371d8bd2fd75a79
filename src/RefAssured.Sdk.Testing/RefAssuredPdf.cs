using System.Globalization;
using System.Text;

namespace RefAssured.Sdk.Testing;

/// <summary>
/// Creates structurally valid one-page PDF files of a chosen size, for reference reports in tests:
/// a catalog, a page tree, one page with a line of text, a stream of filler bytes that brings the
/// file to the size asked for, and a correct cross-reference table.
/// </summary>
public static class RefAssuredPdf
{
    /// <summary>The media type RefAssured declares for a report's file.</summary>
    public const string MediaType = "application/pdf";

    // The file without filler: header, four objects, the filler's own dictionary and the cross-reference table.
    private const int Overhead = 1024;

    /// <summary>Creates a PDF of about <paramref name="approximateSize"/> bytes (never less than about 1 KB).</summary>
    /// <param name="approximateSize">The size wanted, in bytes; the result is within a few hundred bytes of it above 1 KB.</param>
    /// <param name="seed">Seeds the filler, so that the same arguments give the same bytes.</param>
    /// <returns>The bytes of the PDF, starting with <c>%PDF-</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="approximateSize"/> is negative.</exception>
    public static byte[] Create(int approximateSize, int seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(approximateSize);
        var filler = new byte[Math.Max(0, approximateSize - Overhead)];
        new Random(seed).NextBytes(filler);

        using var output = new MemoryStream(filler.Length + Overhead);
        var offsets = new List<long>(5);
        void Write(string text) => output.Write(Encoding.ASCII.GetBytes(text));
        void Object(string text)
        {
            offsets.Add(output.Position);
            Write(text);
        }

        // The second line's high bytes mark the file as binary for tools that guess.
        output.Write("%PDF-1.7\n%"u8);
        output.Write([0xE2, 0xE3, 0xCF, 0xD3, (byte)'\n']);
        Object("1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
        Object("2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n");
        Object("3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R " +
               "/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>\nendobj\n");
        const string Text = "BT /F1 18 Tf 72 720 Td (Reference report) Tj ET\n";
        Object(Invariant($"4 0 obj\n<< /Length {Text.Length} >>\nstream\n{Text}endstream\nendobj\n"));
        Object(Invariant($"5 0 obj\n<< /Length {filler.Length} >>\nstream\n"));
        output.Write(filler);
        Write("\nendstream\nendobj\n");

        var table = output.Position;
        var xref = new StringBuilder();
        xref.Append(CultureInfo.InvariantCulture, $"xref\n0 {offsets.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            xref.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        xref.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {offsets.Count + 1} /Root 1 0 R >>\nstartxref\n{table}\n%%EOF\n");
        Write(xref.ToString());
        return output.ToArray();
    }

    /// <summary>Creates a report file (<c>file</c> of a reference report) holding <paramref name="pdf"/> as base64.</summary>
    /// <param name="pdf">The file's bytes, for example from <see cref="Create(int, int)"/>.</param>
    /// <param name="fileName">The suggested file name RefAssured sends.</param>
    /// <returns>A <see cref="ReportFile"/> declaring <see cref="MediaType"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="pdf"/> or <paramref name="fileName"/> is <see langword="null"/>.</exception>
    public static ReportFile CreateReportFile(byte[] pdf, string fileName = "RefAssured_PreHire_Reference_John_Doe_10001.pdf")
    {
        ArgumentNullException.ThrowIfNull(pdf);
        ArgumentNullException.ThrowIfNull(fileName);
        return new ReportFile
        {
            Base64Content = Encoding.ASCII.GetBytes(Convert.ToBase64String(pdf)),
            FileType = MediaType,
            FileName = fileName,
        };
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

using System.Globalization;
using System.Text;

namespace RefAssured.Sdk.Testing;

/// <summary>
/// Builds structurally valid one-page PDF files of a chosen size (catalog, pages, page, a content
/// stream, and a binary stream of pseudo-random filler, with a correct cross-reference table),
/// and report payloads that carry them.
/// </summary>
internal static class PdfFactory
{
    public static byte[] Create(int approximateSize, int seed = 1)
    {
        var output = new MemoryStream();
        var offsets = new List<long>();

        void Write(string text) => output.Write(Encoding.ASCII.GetBytes(text));
        void BeginObject() => offsets.Add(output.Position);

        Write("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n");
        BeginObject();
        Write("1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
        BeginObject();
        Write("2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n");
        BeginObject();
        Write("3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>\nendobj\n");
        const string content = "BT /F1 18 Tf 72 720 Td (Reference report) Tj ET\n";
        BeginObject();
        Write(string.Create(CultureInfo.InvariantCulture, $"4 0 obj\n<< /Length {content.Length} >>\nstream\n{content}endstream\nendobj\n"));

        var filler = new byte[Math.Max(0, approximateSize - 1024)];
        new Random(seed).NextBytes(filler);
        BeginObject();
        Write(string.Create(CultureInfo.InvariantCulture, $"5 0 obj\n<< /Length {filler.Length} >>\nstream\n"));
        output.Write(filler);
        Write("\nendstream\nendobj\n");

        var xref = output.Position;
        var table = new StringBuilder();
        table.Append(CultureInfo.InvariantCulture, $"xref\n0 {offsets.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            table.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        table.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {offsets.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        Write(table.ToString());
        return output.ToArray();
    }

    /// <summary>A reference-report body carrying <paramref name="pdf"/> as base64.</summary>
    public static byte[] ReportBody(byte[] pdf, string fileName = "RefAssured_PreHire_Reference_John_Doe_10001.pdf")
    {
        var prefix = Encoding.UTF8.GetBytes(
            "{\"referenceRequestId\":10001,\"candidate\":{\"personId\":30001,\"personFirst\":\"John\",\"personLast\":\"Doe\"," +
            "\"externalIds\":{\"bullhornCandidateId\":40001}},\"file\":{\"base64Content\":\"");
        var suffix = Encoding.UTF8.GetBytes($"\",\"fileType\":\"application/pdf\",\"fileName\":\"{fileName}\"}}}}");
        var base64 = Encoding.ASCII.GetBytes(Convert.ToBase64String(pdf));
        return [.. prefix, .. base64, .. suffix];
    }
}

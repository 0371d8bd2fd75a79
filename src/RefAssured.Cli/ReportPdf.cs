using System.Globalization;
using System.Text;

namespace RefAssured.Cli;

/// <summary>
/// Builds a structurally valid one-page PDF of about a chosen size (catalog, page tree, page,
/// a text content stream and a stream of random filler, with a correct cross-reference table),
/// and the reference-report payload that carries it as base64.
/// </summary>
internal static class ReportPdf
{
    private const int FrameSize = 1024;

    /// <summary>A PDF of exactly <paramref name="size"/> bytes, or of its smallest size (well under 1 KiB) when that is less.</summary>
    public static byte[] Create(long size)
    {
        var fillerLength = Math.Max(0, size - FrameSize);
        var pdf = Build(fillerLength);
        // The frame's length depends a little on the digits of the offsets: adjust the filler until it fits.
        for (var attempt = 0; attempt < 3 && pdf.Length != size && fillerLength + size - pdf.Length >= 0; attempt++)
        {
            fillerLength += size - pdf.Length;
            pdf = Build(fillerLength);
        }

        return pdf;
    }

    private static byte[] Build(long fillerLength)
    {
        using var output = new MemoryStream();
        var offsets = new List<long>();

        void Write(string text) => output.Write(Encoding.ASCII.GetBytes(text));
        void Object(string body)
        {
            offsets.Add(output.Position);
            Write(string.Create(CultureInfo.InvariantCulture, $"{offsets.Count} 0 obj\n{body}\nendobj\n"));
        }

        Write("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n");
        Object("<< /Type /Catalog /Pages 2 0 R >>");
        Object("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
        Object("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>");
        const string Text = "BT /F1 18 Tf 72 720 Td (Reference report: test delivery) Tj ET\n";
        Object(string.Create(CultureInfo.InvariantCulture, $"<< /Length {Text.Length} >>\nstream\n{Text}endstream"));

        var filler = new byte[fillerLength];
        Random.Shared.NextBytes(filler);
        offsets.Add(output.Position);
        Write(string.Create(CultureInfo.InvariantCulture, $"{offsets.Count} 0 obj\n<< /Length {filler.Length} >>\nstream\n"));
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

    /// <summary>A reference-report payload shaped like the vendor's sample, carrying <paramref name="pdf"/>.</summary>
    public static byte[] ReportBody(byte[] pdf)
    {
        var prefix = Encoding.UTF8.GetBytes(
            "{\"referenceRequestId\":10001,\"candidate\":{\"personId\":30001,\"personFirst\":\"John\",\"personLast\":\"Doe\"," +
            "\"personEmail\":\"john.doe@example.com\",\"externalIds\":{\"bullhornCandidateId\":40001}},\"file\":{\"base64Content\":\"");
        var suffix = Encoding.UTF8.GetBytes("\",\"fileType\":\"application/pdf\",\"fileName\":\"RefAssured_PreHire_Reference_John_Doe_10001.pdf\"}}");
        var base64 = Encoding.ASCII.GetBytes(Convert.ToBase64String(pdf));
        return [.. prefix, .. base64, .. suffix];
    }
}

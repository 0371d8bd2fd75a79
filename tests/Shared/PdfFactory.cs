using System.Text;

namespace RefAssured.Sdk.Testing;

/// <summary>
/// Valid PDF files of a chosen size, from the testing package's <see cref="RefAssuredPdf"/>, and
/// report payloads that carry them.
/// </summary>
internal static class PdfFactory
{
    public static byte[] Create(int approximateSize, int seed = 1) => RefAssuredPdf.Create(approximateSize, seed);

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

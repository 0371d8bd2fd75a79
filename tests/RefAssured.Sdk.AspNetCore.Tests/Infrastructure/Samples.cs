using System.Text;
using System.Text.Json.Nodes;
using RefAssured.Sdk.Testing;

namespace RefAssured.Sdk.AspNetCore.Tests;

/// <summary>The vendor's four sample payloads, verbatim, and reports carrying real PDFs.</summary>
internal static class Samples
{
    public static readonly (string Route, string AlternativeRoute, string File, RefAssuredEventType Type)[] All =
    [
        ("sales-optin", "salesoptin", "sales-optin.json", RefAssuredEventType.SalesOptIn),
        ("candidate-optin", "candidateoptin", "candidate-optin.json", RefAssuredEventType.CandidateOptIn),
        ("candidate-notes", "candidatenotes", "candidate-notes.json", RefAssuredEventType.CandidateNote),
        ("reference-report", "referencereports", "reference-report.json", RefAssuredEventType.ReferenceReport),
    ];

    public static byte[] Bytes(string file) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", file));

    public static byte[] SalesOptIn => Bytes("sales-optin.json");

    /// <summary>The vendor's report sample with its truncated content replaced by a whole PDF.</summary>
    public static byte[] ReportWith(byte[] pdf)
    {
        var node = JsonNode.Parse(Bytes("reference-report.json"))!.AsObject();
        node["file"]!["base64Content"] = Convert.ToBase64String(pdf);
        return Encoding.UTF8.GetBytes(node.ToJsonString());
    }

    public static byte[] SmallPdf() => PdfFactory.Create(4096);
}

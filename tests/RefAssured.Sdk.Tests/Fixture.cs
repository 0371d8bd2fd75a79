using System.Text;
using System.Text.Json.Nodes;

namespace RefAssured.Sdk.Tests;

/// <summary>The vendor's sample payloads, verbatim, and helpers to build variants of them.</summary>
internal static class Fixture
{
    public const string SalesOptIn = "sales-optin.json";
    public const string CandidateOptIn = "candidate-optin.json";
    public const string CandidateNotes = "candidate-notes.json";
    public const string ReferenceReport = "reference-report.json";

    public static byte[] Bytes(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    public static string Text(string name) => Encoding.UTF8.GetString(Bytes(name));

    public static string For(RefAssuredEventType type) => type switch
    {
        RefAssuredEventType.SalesOptIn => SalesOptIn,
        RefAssuredEventType.CandidateOptIn => CandidateOptIn,
        RefAssuredEventType.CandidateNote => CandidateNotes,
        _ => ReferenceReport,
    };

    /// <summary>Loads a sample, changes it, and returns the UTF-8 bytes of the result.</summary>
    public static byte[] Modified(string name, Action<JsonObject> change)
    {
        var node = JsonNode.Parse(Bytes(name))!.AsObject();
        change(node);
        return Encoding.UTF8.GetBytes(node.ToJsonString());
    }

    public static RefAssuredEvent ParseOk(RefAssuredEventType type, byte[] body)
    {
        var result = RefAssuredEventParser.Parse(type, body.AsMemory());
        Assert.True(result.IsSuccess, result.Error?.Message);
        return result.Event;
    }

    public static T ParseOk<T>(RefAssuredEventType type, byte[] body)
        where T : RefAssuredEvent => Assert.IsType<T>(ParseOk(type, body));

    public static RefAssuredParseError ParseError(RefAssuredEventType type, byte[] body)
    {
        var result = RefAssuredEventParser.Parse(type, body.AsMemory());
        Assert.False(result.IsSuccess, "expected the body to be rejected");
        return result.Error;
    }
}

using System.Text;

namespace RefAssured.Sdk.Tests.Serialization;

/// <summary>Opt-in bodies in the shapes the vendor's documentation leaves open, and the malformed ones.</summary>
public sealed partial class RefAssuredEventParserTests
{
    private static readonly string[] OptInRootFields =
    [
        "isCandidateLead", "isSalesLead", "referenceRequestId", "personId", "companyName", "personEmail", "personFirst",
        "personLast", "personMobile", "title", "candidateTitle", "externalIdsMeta", "ipGeolocation", "candidate",
    ];

    public static TheoryData<string> OptInRootFieldNames => [.. OptInRootFields];

    [Theory]
    [MemberData(nameof(OptInRootFieldNames))]
    public void Parse_OptInFieldNull_ReadsAsTheFieldAbsent(string field)
    {
        var withNull = Fixture.ParseOk<SalesOptIn>(RefAssuredEventType.SalesOptIn, Fixture.Modified(Fixture.SalesOptIn, o => o[field] = null));
        var without = Fixture.ParseOk<SalesOptIn>(RefAssuredEventType.SalesOptIn, Fixture.Modified(Fixture.SalesOptIn, o => o.Remove(field)));

        Assert.Equal(without, withNull);
    }

    [Theory]
    [InlineData("""  {"personFirst": "Zo\u00eb \"Z\" \n", "title": ""}  """)]
    [InlineData("""{"referenceRequestId": "10001", "personId": " 42 ", "candidate": {"personId": ""}}""")]
    [InlineData("""{"referenceRequestId": -5, "personId": 9223372036854775807, "candidate": {"personId": null}}""")]
    [InlineData("""{"isCandidateLead": "true", "isSalesLead": " False "}""")]
    [InlineData("""{"isCandidateLead": false, "isSalesLead": null}""")]
    [InlineData("""{"externalIdsMeta": [{"salesforceCandidateId": "003A"}, null, {"salesforceCandidateId": "003B", "bullhornCandidateId": "7"}]}""")]
    [InlineData("""{"externalIdsMeta": {"a": 1.50, "b": true, "c": null, "d": {"nested": [1, 2]}, "e": [3]}}""")]
    [InlineData("""{"externalIdsMeta": []}""")]
    [InlineData("""{"candidate": {"externalIds": [], "personMobile": null}, "ipGeolocation": {}}""")]
    [InlineData("""{"candidate": {}, "ipGeolocation": {"country": "NZ", "region": null, "city": "", "ip": "::1"}}""")]
    [InlineData("""{"unknownField": 1}""")]
    [InlineData("""{"candidate": {"personId": 1, "unknownField": "x"}}""")]
    [InlineData("""{"ipGeolocation": {"unknownField": null}}""")]
    [InlineData("""{"PersonFirst": "other casing"}""")]
    [InlineData("""{"candidate": {"PERSONID": 1}}""")]
    [InlineData("""{"personFirst": "a", "personFirst": "b"}""")]
    [InlineData("""{"candidate": {"personLast": "a", "personLast": "b"}}""")]
    [InlineData("""{"ipGeolocation": {"ip": "a", "ip": "b"}}""")]
    [InlineData("""{"candidate": null, "candidate": {}}""")]
    public void Parse_OptInInAShapeTheDocumentationLeavesOpen_IsAccepted(string json)
    {
        var body = Encoding.UTF8.GetBytes(json);

        Assert.IsType<SalesOptIn>(Fixture.ParseOk(RefAssuredEventType.SalesOptIn, body));
        Assert.IsType<CandidateOptIn>(Fixture.ParseOk(RefAssuredEventType.CandidateOptIn, body));
    }

    [Fact]
    public void Parse_EscapedPropertyNameAndPaddedValues_AreDecoded()
    {
        var body = """{"person\u0046irst": "escaped name", "personId": " 42 ", "isSalesLead": " False "}"""u8.ToArray();

        var evt = Fixture.ParseOk<SalesOptIn>(RefAssuredEventType.SalesOptIn, body);

        Assert.Equal("escaped name", evt.FirstName);
        Assert.Equal(42, evt.PersonId);
        Assert.False(evt.IsSalesLead);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    [InlineData("null")]
    [InlineData("""{"personFirst": 5}""")]
    [InlineData("""{"personId": "abc"}""")]
    [InlineData("""{"personId": 1.5}""")]
    [InlineData("""{"isSalesLead": "maybe"}""")]
    [InlineData("""{"isSalesLead": 1}""")]
    [InlineData("""{"candidate": "John"}""")]
    [InlineData("""{"candidate": []}""")]
    [InlineData("""{"ipGeolocation": 3}""")]
    [InlineData("""{"externalIdsMeta": 3}""")]
    [InlineData("""{"externalIdsMeta": [1]}""")]
    [InlineData("""{"personFirst": "a",}""")]
    [InlineData("""{"personFirst": "a"} // note""")]
    [InlineData("""{"personFirst": "a"} {}""")]
    [InlineData("""{"personFirst": "a" """)]
    [InlineData("""{"candidate": {"personId": 1}""")]
    [InlineData("""{"personFirst": "\ud800"}""")]
    public void Parse_MalformedOptIn_IsRejectedTheSameFromSpanAndMemory(string json)
    {
        var body = Encoding.UTF8.GetBytes(json);

        var fromMemory = RefAssuredEventParser.Parse(RefAssuredEventType.SalesOptIn, body.AsMemory());
        var fromSpan = RefAssuredEventParser.Parse(RefAssuredEventType.SalesOptIn, body.AsSpan());

        Assert.False(fromMemory.IsSuccess);
        Assert.Null(fromMemory.Event);
        Assert.Equal(fromMemory.Error, fromSpan.Error);
    }

    [Fact]
    public void Parse_NestingPastTheLimitInAnExternalIdValue_IsTooDeep()
    {
        var deep = new string('[', RefAssuredEventParser.MaxDepth) + new string(']', RefAssuredEventParser.MaxDepth);
        var body = Encoding.UTF8.GetBytes($$$"""{"externalIdsMeta": {"deep": {{{deep}}}}}""");

        Assert.Equal(RefAssuredParseErrorKind.TooDeep, Fixture.ParseError(RefAssuredEventType.SalesOptIn, body).Kind);
    }
}

using System.Text;
using RefAssured.Sdk.Serialization;

namespace RefAssured.Sdk.Tests.Serialization;

/// <summary>
/// The one-pass reader of opt-in events must give the serializer's result whenever it reads a
/// body, and leave every body it cannot read exactly alike to the serializer.
/// </summary>
public sealed class OptInReaderTests
{
    private static readonly string[] RootFields =
    [
        "isCandidateLead", "isSalesLead", "referenceRequestId", "personId", "companyName", "personEmail", "personFirst",
        "personLast", "personMobile", "title", "candidateTitle", "externalIdsMeta", "ipGeolocation", "candidate",
    ];

    public static TheoryData<string> RootFieldNames => [.. RootFields];

    [Theory]
    [InlineData(Fixture.SalesOptIn)]
    [InlineData(Fixture.CandidateOptIn)]
    public void VendorSamples_AreReadInOnePass_AsTheSerializerReadsThem(string sample)
    {
        var body = Fixture.Bytes(sample);

        AssertReadAsSerializer(body);
        var evt = Assert.IsType<SalesOptIn>(OptInReader.TryRead<SalesOptIn>(body));
        Assert.Equal("Jane", evt.FirstName);
        Assert.Equal(40001, evt.Candidate!.ExternalIds!.BullhornCandidateId);
        Assert.Equal("San Francisco", evt.IpGeolocation!.City);
    }

    [Theory]
    [MemberData(nameof(RootFieldNames))]
    public void EachFieldNullOrAbsent_IsReadAsTheSerializerReadsIt(string field)
    {
        AssertReadAsSerializer(Fixture.Modified(Fixture.SalesOptIn, o => o[field] = null));
        AssertReadAsSerializer(Fixture.Modified(Fixture.SalesOptIn, o => o.Remove(field)));
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""  {"personFirst": "Zo\u00eb \"Z\" \n", "title": ""}  """)]
    [InlineData("""{"person\u0046irst": "escaped name"}""")]
    [InlineData("""{"referenceRequestId": "10001", "personId": " 42 ", "candidate": {"personId": ""}}""")]
    [InlineData("""{"referenceRequestId": -5, "personId": 9223372036854775807, "candidate": {"personId": null}}""")]
    [InlineData("""{"isCandidateLead": "true", "isSalesLead": " False "}""")]
    [InlineData("""{"isCandidateLead": false, "isSalesLead": null}""")]
    [InlineData("""{"externalIdsMeta": [{"salesforceCandidateId": "003A"}, null, {"salesforceCandidateId": "003B", "bullhornCandidateId": "7"}]}""")]
    [InlineData("""{"externalIdsMeta": {"a": 1.50, "b": true, "c": null, "d": {"nested": [1, 2]}, "e": [3]}}""")]
    [InlineData("""{"externalIdsMeta": []}""")]
    [InlineData("""{"candidate": {"externalIds": [], "personMobile": null}, "ipGeolocation": {}}""")]
    [InlineData("""{"candidate": {}, "ipGeolocation": {"country": "NZ", "region": null, "city": "", "ip": "::1"}}""")]
    public void ShapesTheReaderKnows_AreReadInOnePass_AsTheSerializerReadsThem(string json)
    {
        AssertReadAsSerializer(Encoding.UTF8.GetBytes(json));
    }

    [Theory]
    [InlineData("""{"unknownField": 1}""")]
    [InlineData("""{"candidate": {"personId": 1, "unknownField": "x"}}""")]
    [InlineData("""{"ipGeolocation": {"unknownField": null}}""")]
    [InlineData("""{"PersonFirst": "other casing"}""")]
    [InlineData("""{"candidate": {"PERSONID": 1}}""")]
    [InlineData("""{"personFirst": "a", "personFirst": "b"}""")]
    [InlineData("""{"candidate": {"personLast": "a", "personLast": "b"}}""")]
    [InlineData("""{"ipGeolocation": {"ip": "a", "ip": "b"}}""")]
    [InlineData("""{"candidate": null, "candidate": {}}""")]
    public void FieldsTheReaderDoesNotKnow_AreLeftToTheSerializer(string json)
    {
        var body = Encoding.UTF8.GetBytes(json);

        Assert.Null(OptInReader.TryRead<SalesOptIn>(body));
        Assert.True(RefAssuredEventParser.Parse(RefAssuredEventType.SalesOptIn, body.AsMemory()).IsSuccess);
    }

    [Fact]
    public void UnknownFields_StillReachExtensionData()
    {
        var body = Fixture.Modified(Fixture.SalesOptIn, o => o["newVendorField"] = 5);

        var evt = Fixture.ParseOk<SalesOptIn>(RefAssuredEventType.SalesOptIn, body);

        Assert.Equal(5, evt.ExtensionData!["newVendorField"].GetInt32());
        Assert.Equal("Jane", evt.FirstName);
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
    public void BodiesTheSerializerRejects_AreRejectedWithTheSerializersError(string json)
    {
        var body = Encoding.UTF8.GetBytes(json);

        Assert.Null(OptInReader.TryRead<SalesOptIn>(body));
        var serializer = RefAssuredEventParser.ParseBySerializer(RefAssuredEventType.SalesOptIn, body);
        var parsed = RefAssuredEventParser.Parse(RefAssuredEventType.SalesOptIn, body.AsMemory());
        Assert.False(serializer.IsSuccess);
        Assert.Equal(serializer.Error, parsed.Error);
    }

    [Fact]
    public void NestingPastTheLimit_InAnExternalIdValue_IsLeftToTheSerializer()
    {
        var deep = new string('[', RefAssuredEventParser.MaxDepth) + new string(']', RefAssuredEventParser.MaxDepth);
        var body = Encoding.UTF8.GetBytes($$$"""{"externalIdsMeta": {"deep": {{{deep}}}}}""");

        Assert.Null(OptInReader.TryRead<SalesOptIn>(body));
        Assert.Equal(RefAssuredParseErrorKind.TooDeep, Fixture.ParseError(RefAssuredEventType.SalesOptIn, body).Kind);
    }

    [Fact]
    public void CandidateOptIn_IsReadAsACandidateOptIn()
    {
        var body = Fixture.Bytes(Fixture.CandidateOptIn);

        var evt = Fixture.ParseOk<CandidateOptIn>(RefAssuredEventType.CandidateOptIn, body);

        Assert.Equal(RefAssuredEventType.CandidateOptIn, evt.EventType);
        Assert.Equal(RefAssuredEventParser.ParseBySerializer(RefAssuredEventType.CandidateOptIn, body).Event, evt);
    }

    // The one-pass reader reads the body, and its event equals the serializer's in every field.
    private static void AssertReadAsSerializer(byte[] body)
    {
        var serializer = RefAssuredEventParser.ParseBySerializer(RefAssuredEventType.SalesOptIn, body);
        Assert.True(serializer.IsSuccess, serializer.Error?.Message);

        var read = OptInReader.TryRead<SalesOptIn>(body);

        Assert.NotNull(read);
        Assert.Equal(serializer.Event, read);
        Assert.Equal(RefAssuredEventParser.Parse(RefAssuredEventType.SalesOptIn, body.AsMemory()).Event, read);
    }
}

using System.Text;

namespace RefAssured.Sdk.Tests.Serialization;

public sealed partial class RefAssuredEventParserTests
{
    public static TheoryData<string, RefAssuredEventType, string, RefAssuredParseErrorKind, string, string> BadBodies => new()
    {
        // name, route, body, kind, path, words the reason must contain
        { "empty", RefAssuredEventType.SalesOptIn, "", RefAssuredParseErrorKind.EmptyBody, "$", "empty" },
        { "whitespace only", RefAssuredEventType.SalesOptIn, " \r\n\t ", RefAssuredParseErrorKind.EmptyBody, "$", "empty" },
        { "plain text", RefAssuredEventType.SalesOptIn, "hello", RefAssuredParseErrorKind.InvalidJson, "$", "not valid JSON" },
        { "form encoded", RefAssuredEventType.CandidateOptIn, "personId=1&x=2", RefAssuredParseErrorKind.InvalidJson, "$", "not valid JSON" },
        { "xml", RefAssuredEventType.CandidateNote, "<note/>", RefAssuredParseErrorKind.InvalidJson, "$", "not valid JSON" },
        { "array root", RefAssuredEventType.SalesOptIn, "[{\"personId\":1}]", RefAssuredParseErrorKind.NotAnObject, "$", "found an array" },
        { "string root", RefAssuredEventType.SalesOptIn, "\"text\"", RefAssuredParseErrorKind.NotAnObject, "$", "found a string" },
        { "number root", RefAssuredEventType.CandidateNote, "42", RefAssuredParseErrorKind.NotAnObject, "$", "found a number" },
        { "boolean root", RefAssuredEventType.CandidateNote, "true", RefAssuredParseErrorKind.NotAnObject, "$", "found a boolean" },
        { "null root", RefAssuredEventType.ReferenceReport, "null", RefAssuredParseErrorKind.NotAnObject, "$", "found null" },
        { "unclosed object", RefAssuredEventType.SalesOptIn, "{\"personId\": 1", RefAssuredParseErrorKind.InvalidJson, "$.personId", "not valid JSON" },
        { "trailing comma", RefAssuredEventType.SalesOptIn, "{\"personId\": 1,}", RefAssuredParseErrorKind.InvalidJson, "$", "not valid JSON" },
        { "single quotes", RefAssuredEventType.SalesOptIn, "{'personId': 1}", RefAssuredParseErrorKind.InvalidJson, "$", "not valid JSON" },
        { "garbage after root", RefAssuredEventType.SalesOptIn, "{} {}", RefAssuredParseErrorKind.InvalidJson, "$", "not valid JSON" },
        { "comment", RefAssuredEventType.SalesOptIn, "{/* c */}", RefAssuredParseErrorKind.InvalidJson, "$", "not valid JSON" },
        { "unterminated string", RefAssuredEventType.CandidateNote, "{\"textNote\": \"abc", RefAssuredParseErrorKind.InvalidJson, "$.textNote", "not valid JSON" },
        { "action as number", RefAssuredEventType.CandidateNote, "{\"action\": 42}", RefAssuredParseErrorKind.UnmappableValue, "$.action", "expected a string, found a number" },
        { "action as object", RefAssuredEventType.CandidateNote, "{\"action\": {}}", RefAssuredParseErrorKind.UnmappableValue, "$.action", "expected a string, found an object" },
        { "email as number", RefAssuredEventType.SalesOptIn, "{\"personEmail\": 5}", RefAssuredParseErrorKind.UnmappableValue, "$.personEmail", "expected a string, found a number" },
        { "flag as number", RefAssuredEventType.SalesOptIn, "{\"isSalesLead\": 1}", RefAssuredParseErrorKind.UnmappableValue, "$.isSalesLead", "expected true or false, found a number" },
        { "flag as other string", RefAssuredEventType.SalesOptIn, "{\"isSalesLead\": \"yes\"}", RefAssuredParseErrorKind.UnmappableValue, "$.isSalesLead", "neither" },
        { "id as text", RefAssuredEventType.SalesOptIn, "{\"personId\": \"abc\"}", RefAssuredParseErrorKind.UnmappableValue, "$.personId", "not an integer" },
        { "id with fraction", RefAssuredEventType.SalesOptIn, "{\"personId\": 1.5}", RefAssuredParseErrorKind.UnmappableValue, "$.personId", "64-bit" },
        { "id too large", RefAssuredEventType.CandidateNote, "{\"referenceRequestId\": 99999999999999999999}", RefAssuredParseErrorKind.UnmappableValue, "$.referenceRequestId", "64-bit" },
        { "id as object", RefAssuredEventType.CandidateNote, "{\"referenceRequestId\": {}}", RefAssuredParseErrorKind.UnmappableValue, "$.referenceRequestId", "found an object" },
        { "candidate as string", RefAssuredEventType.CandidateNote, "{\"candidate\": \"John\"}", RefAssuredParseErrorKind.UnmappableValue, "$.candidate", "expected an object" },
        { "geolocation as array", RefAssuredEventType.SalesOptIn, "{\"ipGeolocation\": []}", RefAssuredParseErrorKind.UnmappableValue, "$.ipGeolocation", "expected an object" },
        { "nested wrong type", RefAssuredEventType.SalesOptIn, "{\"candidate\": {\"personFirst\": false}}", RefAssuredParseErrorKind.UnmappableValue, "$.candidate.personFirst", "expected a string, found a boolean" },
        { "external ids as string", RefAssuredEventType.SalesOptIn, "{\"externalIdsMeta\": \"abc\"}", RefAssuredParseErrorKind.UnmappableValue, "$.externalIdsMeta", "expected an object or an array" },
        { "external ids array of numbers", RefAssuredEventType.CandidateNote, "{\"externalIdsMeta\": [1]}", RefAssuredParseErrorKind.UnmappableValue, "$.externalIdsMeta", "index 0" },
        { "report without file", RefAssuredEventType.ReferenceReport, "{\"candidate\": {}}", RefAssuredParseErrorKind.MissingContent, "$.file", "file object" },
        { "report with null file", RefAssuredEventType.ReferenceReport, "{\"file\": null}", RefAssuredParseErrorKind.MissingContent, "$.file", "file object" },
        { "report without content", RefAssuredEventType.ReferenceReport, "{\"file\": {\"fileName\": \"a.pdf\"}}", RefAssuredParseErrorKind.MissingContent, "$.file.base64Content", "content" },
        { "report with empty content", RefAssuredEventType.ReferenceReport, "{\"file\": {\"base64Content\": \"\"}}", RefAssuredParseErrorKind.MissingContent, "$.file.base64Content", "content" },
        { "report with null content", RefAssuredEventType.ReferenceReport, "{\"file\": {\"base64Content\": null}}", RefAssuredParseErrorKind.MissingContent, "$.file.base64Content", "content" },
        { "report content as number", RefAssuredEventType.ReferenceReport, "{\"file\": {\"base64Content\": 12}}", RefAssuredParseErrorKind.UnmappableValue, "$.file.base64Content", "expected a base64 string" },
        { "report file as string", RefAssuredEventType.ReferenceReport, "{\"file\": \"JVBERi0=\"}", RefAssuredParseErrorKind.UnmappableValue, "$.file", "expected an object" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public void Parse_BadBody_ReturnsSpecificError(string name, RefAssuredEventType type, string body, RefAssuredParseErrorKind kind, string path, string reason)
    {
        var error = Fixture.ParseError(type, Encoding.UTF8.GetBytes(body));

        Assert.True(kind == error.Kind, $"{name}: expected {kind}, got {error.Kind}: {error.Message}");
        Assert.Equal(path, error.Path);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
        Assert.StartsWith(path + ": ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(RefAssuredEventType.SalesOptIn)]
    [InlineData(RefAssuredEventType.CandidateOptIn)]
    [InlineData(RefAssuredEventType.CandidateNote)]
    [InlineData(RefAssuredEventType.ReferenceReport)]
    public void Parse_TruncatedSample_IsInvalidJsonAtEveryCut(RefAssuredEventType type)
    {
        var body = Fixture.Bytes(Fixture.For(type));
        var lastBrace = Array.LastIndexOf(body, (byte)'}');

        for (var length = 1; length < lastBrace; length++)
        {
            var error = Fixture.ParseError(type, body[..length]);
            Assert.True(error.Kind == RefAssuredParseErrorKind.InvalidJson, $"cut at {length}: {error.Message}");
        }
    }

    [Fact]
    public void Parse_HundredLevelsOfNesting_IsTooDeep()
    {
        var body = Encoding.UTF8.GetBytes("{\"extra\":" + new string('[', 100) + new string(']', 100) + "}");

        var error = Fixture.ParseError(RefAssuredEventType.SalesOptIn, body);

        Assert.Equal(RefAssuredParseErrorKind.TooDeep, error.Kind);
        Assert.Contains("deeper than 64", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NestingAtTheLimit_IsAccepted()
    {
        // The root object is depth 0, so 63 nested arrays reach depth 63 < 64.
        var body = Encoding.UTF8.GetBytes("{\"extra\":" + new string('[', 63) + new string(']', 63) + "}");

        var result = RefAssuredEventParser.Parse(RefAssuredEventType.SalesOptIn, body.AsMemory());

        Assert.True(result.IsSuccess, result.Error?.Message);
    }

    [Fact]
    public void Parse_InvalidUtf8InText_IsUnmappable()
    {
        byte[] body = [.. "{\"textNote\":\""u8, 0xC3, 0x28, .. "\"}"u8];

        var error = Fixture.ParseError(RefAssuredEventType.CandidateNote, body);

        Assert.Equal(RefAssuredParseErrorKind.UnmappableValue, error.Kind);
        Assert.Equal("$.textNote", error.Path);
        Assert.Contains("UTF-8", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_InvalidJson_ReportsLineAndByte()
    {
        var error = Fixture.ParseError(RefAssuredEventType.SalesOptIn, "{\n  \"personId\": 1,\n  oops\n}"u8.ToArray());

        Assert.Equal(RefAssuredParseErrorKind.InvalidJson, error.Kind);
        Assert.Equal(2, error.LineNumber);
        Assert.Contains("(line 3, byte", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_VeryLongStrings_AreAcceptedWithoutLimit()
    {
        var longNote = new string('x', 2_000_000);
        var body = Encoding.UTF8.GetBytes($$"""{"textNote":"{{longNote}}","action":"{{new string('y', 10_000)}}"}""");

        var note = Fixture.ParseOk<CandidateNote>(RefAssuredEventType.CandidateNote, body);

        Assert.Equal(2_000_000, note.TextNote!.Length);
        Assert.Equal(CandidateNoteActionKind.Unknown, note.Action!.Value.Kind);
    }

    [Fact]
    public void Parse_UndefinedEventType_ThrowsArgumentOutOfRange()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => RefAssuredEventParser.Parse((RefAssuredEventType)99, "{}"u8.ToArray().AsMemory()));

        Assert.Equal("eventType", ex.ParamName);
    }

    [Fact]
    public async Task ParseAsync_NullStream_ThrowsArgumentNull()
    {
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await RefAssuredEventParser.ParseAsync(RefAssuredEventType.SalesOptIn, null!, TestContext.Current.CancellationToken));
    }
}

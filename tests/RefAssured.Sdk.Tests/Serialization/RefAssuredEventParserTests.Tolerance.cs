using System.Text;
using System.Text.Json.Nodes;

namespace RefAssured.Sdk.Tests.Serialization;

public sealed partial class RefAssuredEventParserTests
{
    [Fact]
    public void Parse_ExternalIdsMetaAsObject_KeepsEveryId()
    {
        var body = Fixture.Modified(Fixture.SalesOptIn, o => o["externalIdsMeta"] = new JsonObject { ["salesforceCandidateId"] = "003A", ["bullhornCandidateId"] = 7 });

        var evt = Fixture.ParseOk<SalesOptIn>(RefAssuredEventType.SalesOptIn, body);

        Assert.Equal("003A", evt.ExternalIdsMeta!.SalesforceCandidateId);
        Assert.Equal(7, evt.ExternalIdsMeta.BullhornCandidateId);
    }

    [Fact]
    public void Parse_ExternalIdsMetaAsArray_MergesObjectsFirstValueWins()
    {
        var body = Fixture.Modified(Fixture.CandidateNotes, o => o["externalIdsMeta"] = new JsonArray(
            new JsonObject { ["salesforceCandidateId"] = "003FIRST" },
            null,
            new JsonObject { ["salesforceCandidateId"] = "003SECOND", ["bullhornCandidateId"] = "40001" }));

        var evt = Fixture.ParseOk<CandidateNote>(RefAssuredEventType.CandidateNote, body);

        Assert.Equal("003FIRST", evt.ExternalIdsMeta!.SalesforceCandidateId);
        Assert.Equal(40001, evt.ExternalIdsMeta.BullhornCandidateId);
        Assert.Equal(2, evt.ExternalIdsMeta.Count);
    }

    [Fact]
    public void Parse_ExternalIdsMetaEmptyArray_IsEmptySet()
    {
        var body = Fixture.Modified(Fixture.CandidateNotes, o => o["externalIdsMeta"] = new JsonArray());

        var evt = Fixture.ParseOk<CandidateNote>(RefAssuredEventType.CandidateNote, body);

        Assert.NotNull(evt.ExternalIdsMeta);
        Assert.Empty(evt.ExternalIdsMeta);
    }

    [Fact]
    public void Parse_ExternalIdsMetaNull_IsNull()
    {
        var body = Fixture.Modified(Fixture.SalesOptIn, o => o["externalIdsMeta"] = null);

        Assert.Null(Fixture.ParseOk<SalesOptIn>(RefAssuredEventType.SalesOptIn, body).ExternalIdsMeta);
    }

    [Fact]
    public void Parse_ExternalIdsMetaAbsent_IsNull()
    {
        var body = Fixture.Modified(Fixture.SalesOptIn, o => o.Remove("externalIdsMeta"));

        Assert.Null(Fixture.ParseOk<SalesOptIn>(RefAssuredEventType.SalesOptIn, body).ExternalIdsMeta);
    }

    [Theory]
    [InlineData("10001", 10001)]
    [InlineData("\"10001\"", 10001)]
    [InlineData("\" 42 \"", 42)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("\"9223372036854775807\"", long.MaxValue)]
    [InlineData("-5", -5)]
    public void Parse_IdAsNumberOrNumericString_ReadsValue(string json, long expected)
    {
        var body = Encoding.UTF8.GetBytes($$$"""{"referenceRequestId": {{{json}}}, "personId": {{{json}}}, "candidate": {"personId": {{{json}}}}}""");

        var evt = Fixture.ParseOk<CandidateOptIn>(RefAssuredEventType.CandidateOptIn, body);

        Assert.Equal(expected, evt.ReferenceRequestId);
        Assert.Equal(expected, evt.PersonId);
        Assert.Equal(expected, evt.Candidate!.PersonId);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("\"\"")]
    public void Parse_IdNullOrEmptyString_IsNull(string json)
    {
        var body = Encoding.UTF8.GetBytes($$"""{"referenceRequestId": {{json}}}""");

        Assert.Null(Fixture.ParseOk<CandidateNote>(RefAssuredEventType.CandidateNote, body).ReferenceRequestId);
    }

    [Fact]
    public void Parse_LargeExternalIds_KeepEveryDigit()
    {
        var body = Encoding.UTF8.GetBytes("""{"candidate": {"externalIds": {"bullhornCandidateId": 123456789012345678901234567890, "salesforceCandidateId": "003000000000001AAA"}}}""");

        var ids = Fixture.ParseOk<CandidateNote>(RefAssuredEventType.CandidateNote, body).Candidate!.ExternalIds!;

        Assert.Equal("123456789012345678901234567890", ids["bullhornCandidateId"]);
        Assert.Null(ids.BullhornCandidateId);
        Assert.Equal("003000000000001AAA", ids.SalesforceCandidateId);
    }

    [Fact]
    public void Parse_UnknownExternalIdSystems_AreKept()
    {
        var body = Encoding.UTF8.GetBytes("""{"candidate": {"externalIds": {"greenhouseId": 55, "workdayId": "WD-1", "flag": true, "nested": {"a": 1}, "gone": null}}}""");

        var ids = Fixture.ParseOk<CandidateNote>(RefAssuredEventType.CandidateNote, body).Candidate!.ExternalIds!;

        Assert.Equal("55", ids["GREENHOUSEID"]);
        Assert.Equal("WD-1", ids["workdayId"]);
        Assert.Equal("true", ids["flag"]);
        Assert.Equal("""{"a": 1}""", ids["nested"]);
        Assert.False(ids.ContainsKey("gone"));
        Assert.Equal(["greenhouseId", "workdayId", "flag", "nested"], ids.Keys);
    }

    [Theory]
    [InlineData("RefAssured Sent", CandidateNoteActionKind.RefAssuredSent)]
    [InlineData("RefAssured Completed", CandidateNoteActionKind.RefAssuredCompleted)]
    [InlineData("IP Collision", CandidateNoteActionKind.IpCollision)]
    [InlineData("ip collision ", CandidateNoteActionKind.IpCollision)]
    [InlineData("RefAssured Declined", CandidateNoteActionKind.Unknown)]
    [InlineData("", CandidateNoteActionKind.Unknown)]
    public void Parse_Action_MapsKnownValuesAndKeepsRawText(string action, CandidateNoteActionKind expected)
    {
        var body = Fixture.Modified(Fixture.CandidateNotes, o => o["action"] = action);

        var note = Fixture.ParseOk<CandidateNote>(RefAssuredEventType.CandidateNote, body);

        Assert.Equal(expected, note.Action!.Value.Kind);
        Assert.Equal(action, note.Action.Value.Value);
        Assert.Equal(action, note.Action.Value.ToString());
    }

    [Fact]
    public void Parse_UnknownFields_AreSkippedAndTheKnownFieldsReadAsWithoutThem()
    {
        var with = Fixture.Modified(Fixture.SalesOptIn, o =>
        {
            o["newTopLevel"] = new JsonObject { ["x"] = 1 };
            o["candidate"]!["preferredName"] = "Johnny";
            o["ipGeolocation"]!["postalCode"] = "94103";
        });

        var evt = Fixture.ParseOk<SalesOptIn>(RefAssuredEventType.SalesOptIn, with);

        Assert.Equal(SnapshotView.Json(Fixture.ParseOk(RefAssuredEventType.SalesOptIn, Fixture.Bytes(Fixture.SalesOptIn))), SnapshotView.Json(evt));
        Assert.Equal("Johnny", JsonNode.Parse(with)!["candidate"]!["preferredName"]!.GetValue<string>());
    }

    [Fact]
    public void Parse_UnknownFieldOnReportFile_IsSkipped()
    {
        var body = Fixture.Modified(Fixture.ReferenceReport, o => o["file"]!["pageCount"] = 3);

        var evt = Fixture.ParseOk<ReferenceReport>(RefAssuredEventType.ReferenceReport, body);

        Assert.Equal(SnapshotView.Json(Fixture.ParseOk(RefAssuredEventType.ReferenceReport, Fixture.Bytes(Fixture.ReferenceReport))), SnapshotView.Json(evt));
    }

    [Theory]
    [InlineData(RefAssuredEventType.SalesOptIn)]
    [InlineData(RefAssuredEventType.CandidateOptIn)]
    [InlineData(RefAssuredEventType.CandidateNote)]
    public void Parse_EmptyObject_AllFieldsNull(RefAssuredEventType type)
    {
        var evt = Fixture.ParseOk(type, "{}"u8.ToArray());

        Assert.Equal(type, evt.EventType);
        Assert.Null(evt.ReferenceRequestId);
        Assert.Null(evt.Candidate);
        Assert.Null(evt.ExternalIdsMeta);
    }

    [Fact]
    public void Parse_ReportWithOnlyContent_OtherFieldsNull()
    {
        var evt = Fixture.ParseOk<ReferenceReport>(RefAssuredEventType.ReferenceReport, """{"file":{"base64Content":"JVBERi0="}}"""u8.ToArray());

        Assert.Null(evt.File!.FileName);
        Assert.Null(evt.File.FileType);
        Assert.Null(evt.Candidate);
        Assert.Equal("RefAssured_Report.pdf", evt.SafeFileName);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData("\"true\"", true)]
    [InlineData("\"False\"", false)]
    [InlineData("null", null)]
    public void Parse_FlagsAsBooleansOrBooleanStrings_ReadValue(string json, bool? expected)
    {
        var body = Encoding.UTF8.GetBytes($$"""{"isSalesLead": {{json}}}""");

        Assert.Equal(expected, Fixture.ParseOk<SalesOptIn>(RefAssuredEventType.SalesOptIn, body).IsSalesLead);
    }

    [Fact]
    public void Parse_PropertyNamesInOtherCase_AreRead()
    {
        var body = """{"PersonEmail":"a@example.com","REFERENCEREQUESTID":9}"""u8.ToArray();

        var evt = Fixture.ParseOk<SalesOptIn>(RefAssuredEventType.SalesOptIn, body);

        Assert.Equal("a@example.com", evt.Email);
        Assert.Equal(9, evt.ReferenceRequestId);
    }

    [Fact]
    public void Parse_ByteOrderMark_IsIgnored()
    {
        byte[] body = [0xEF, 0xBB, 0xBF, .. Fixture.Bytes(Fixture.ReferenceReport)];

        var evt = Fixture.ParseOk<ReferenceReport>(RefAssuredEventType.ReferenceReport, body);
        var fromSpan = RefAssuredEventParser.Parse(RefAssuredEventType.ReferenceReport, body.AsSpan());

        Assert.Equal("JVBERi0xLjQKJeLjz9MKMSAwIG9iago8PAovTGlu..."u8.ToArray(), evt.File!.Base64Content.ToArray());
        Assert.True(fromSpan.IsSuccess);
    }

    [Fact]
    public void Parse_SameBodyAsSalesOrCandidateOptIn_RouteDecidesType()
    {
        var body = Fixture.Bytes(Fixture.SalesOptIn);

        Assert.IsType<SalesOptIn>(Fixture.ParseOk(RefAssuredEventType.SalesOptIn, body));
        Assert.IsType<CandidateOptIn>(Fixture.ParseOk(RefAssuredEventType.CandidateOptIn, body));
    }

    [Fact]
    public void Parse_UnicodeAndEscapesInText_AreDecoded()
    {
        var body = """{"textNote":"Caf\u00e9 \"quoted\" \u2603 line\nbreak","htmlNote":"<b>Zoë</b>"}"""u8.ToArray();

        var note = Fixture.ParseOk<CandidateNote>(RefAssuredEventType.CandidateNote, body);

        Assert.Equal("Café \"quoted\" ☃ line\nbreak", note.TextNote);
        Assert.Equal("<b>Zoë</b>", note.HtmlNote);
    }
}

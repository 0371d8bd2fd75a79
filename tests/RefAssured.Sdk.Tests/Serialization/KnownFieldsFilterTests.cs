using System.Text;
using System.Text.Json.Nodes;
using RefAssured.Sdk.Serialization;

namespace RefAssured.Sdk.Tests.Serialization;

/// <summary>Bodies with many unknown fields are parsed from a copy of their known fields, with the same result as parsing them whole.</summary>
public sealed class KnownFieldsFilterTests
{
    private const int ManyFields = 20_000;

    [Theory]
    [InlineData(RefAssuredEventType.SalesOptIn)]
    [InlineData(RefAssuredEventType.CandidateOptIn)]
    [InlineData(RefAssuredEventType.CandidateNote)]
    [InlineData(RefAssuredEventType.ReferenceReport)]
    public void Parse_SampleWithManyUnknownFieldsEverywhere_EqualsTheSample(RefAssuredEventType type)
    {
        var sample = Fixture.Bytes(Fixture.For(type));
        var body = Fixture.Modified(Fixture.For(type), o =>
        {
            AddUnknown(o, "top");
            foreach (var nested in new[] { "candidate", "ipGeolocation", "file" })
            {
                if (o[nested] is JsonObject inner)
                {
                    AddUnknown(inner, nested);
                }
            }
        });

        Assert.True(KnownFieldsFilter.IsWorthFiltering(body));
        Assert.Equal(SnapshotView.Json(Fixture.ParseOk(type, sample)), SnapshotView.Json(Fixture.ParseOk(type, body)));
    }

    [Fact]
    public void Parse_ManyFieldsWithNamesInOtherCaseOrEscaped_ReadsThemAsTheSerializerDoes()
    {
        var json = new StringBuilder("{\"PERSONID\": 42, \"person\\u0046irst\": \"Zoë\", \"CANDIDATE\": {\"PersonId\": \"7\", \"x\": 1}, \"externalIdsMeta\": [{\"bullhornCandidateId\": 40001}]");
        for (var i = 0; i < ManyFields; i++)
        {
            json.Append(",\"u").Append(i).Append("\":{\"a\":[1,2,{\"b\":null}]}");
        }

        var body = Encoding.UTF8.GetBytes(json.Append('}').ToString());
        var evt = Fixture.ParseOk<SalesOptIn>(RefAssuredEventType.SalesOptIn, body);

        Assert.True(KnownFieldsFilter.IsWorthFiltering(body));
        Assert.Equal(42, evt.PersonId);
        Assert.Equal("Zoë", evt.FirstName);
        Assert.Equal(7, evt.Candidate!.PersonId);
        Assert.Equal(40001, evt.ExternalIdsMeta!.BullhornCandidateId);
    }

    [Fact]
    public void Parse_ManyFieldsAndAWrongType_NamesThePathWithoutAPosition()
    {
        var body = WithPadding("{\"candidate\": {\"personId\": {}}", ManyFields);

        var error = Fixture.ParseError(RefAssuredEventType.SalesOptIn, body);

        Assert.Equal(RefAssuredParseErrorKind.UnmappableValue, error.Kind);
        Assert.Equal("$.candidate.personId", error.Path);
        Assert.Null(error.LineNumber);
    }

    [Theory]
    [InlineData("{\"u\": " + "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[" + "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]", RefAssuredParseErrorKind.TooDeep)]
    [InlineData("{\"personId\": 1,,", RefAssuredParseErrorKind.InvalidJson)]
    public void Parse_ManyFieldsAndBadJson_GivesTheSameErrorAsWithoutFiltering(string head, RefAssuredParseErrorKind kind)
    {
        var body = WithPadding(head, ManyFields);

        Assert.Equal(kind, Fixture.ParseError(RefAssuredEventType.SalesOptIn, body).Kind);
    }

    [Fact]
    public void Parse_ReportWithManyFields_KeepsItsContent()
    {
        var content = Convert.ToBase64String(Enumerable.Range(0, 100_000).Select(i => (byte)i).ToArray());
        var body = WithPadding("{\"file\": {\"base64Content\": \"" + content + "\"}", ManyFields);

        var report = Fixture.ParseOk<ReferenceReport>(RefAssuredEventType.ReferenceReport, body);

        Assert.Equal(content, Encoding.UTF8.GetString(report.File!.Base64Content.Span));
    }

    private static void AddUnknown(JsonObject target, string prefix)
    {
        for (var i = 0; i < ManyFields / 4; i++)
        {
            target[$"{prefix}{i}"] = i % 2 == 0 ? i : new JsonArray(new JsonObject { ["k"] = "v:" + i });
        }
    }

    // Appends unknown fields after the head, which is an unclosed object.
    private static byte[] WithPadding(string head, int count)
    {
        var json = new StringBuilder(head);
        for (var i = 0; i < count; i++)
        {
            json.Append(",\"pad").Append(i).Append("\":1");
        }

        return Encoding.UTF8.GetBytes(json.Append('}').ToString());
    }
}

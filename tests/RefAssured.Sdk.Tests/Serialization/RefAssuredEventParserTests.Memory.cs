using System.Text;

namespace RefAssured.Sdk.Tests.Serialization;

public sealed partial class RefAssuredEventParserTests
{
    // A body of about 13 MB. Keeping a JSON value per unknown field allocated many times the body;
    // skipping them leaves only the short-lived name the serializer copies for its error paths.
    private const int UnknownFieldCount = 1_000_000;

    [Theory]
    [InlineData(RefAssuredEventType.SalesOptIn, "")]
    [InlineData(RefAssuredEventType.CandidateOptIn, "ipGeolocation")]
    [InlineData(RefAssuredEventType.CandidateNote, "candidate")]
    [InlineData(RefAssuredEventType.ReferenceReport, "file")]
    public void Parse_MillionUnknownFields_AllocatesLessThanThreeTimesTheBody(RefAssuredEventType type, string inside)
    {
        var body = WithUnknownFields(inside, UnknownFieldCount);
        Fixture.ParseOk(type, WithUnknownFields(inside, 10));

        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = RefAssuredEventParser.Parse(type, body.AsMemory());
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.True(allocated < 3L * body.Length, $"Parsing {body.Length} bytes with {UnknownFieldCount} unknown fields allocated {allocated} bytes.");
        Assert.Equal(7, result.Event!.ReferenceRequestId);
    }

    // {"referenceRequestId":7,<inside>:{"u0000000":1,…},"file":{"base64Content":"JVBERi0="}} or the fields at the root.
    private static byte[] WithUnknownFields(string inside, int count)
    {
        var json = new StringBuilder(count * 14);
        json.Append("{\"referenceRequestId\":7,");
        if (inside != "file")
        {
            json.Append("\"file\":{\"base64Content\":\"JVBERi0=\"},");
        }

        if (inside.Length > 0)
        {
            json.Append('"').Append(inside).Append("\":{");
        }

        if (inside == "file")
        {
            json.Append("\"base64Content\":\"JVBERi0=\",");
        }

        for (var i = 0; i < count; i++)
        {
            json.Append(i == 0 ? "\"u" : ",\"u").Append(i.ToString("D7", System.Globalization.CultureInfo.InvariantCulture)).Append("\":1");
        }

        json.Append(inside.Length > 0 ? "}}" : "}");
        return Encoding.UTF8.GetBytes(json.ToString());
    }
}

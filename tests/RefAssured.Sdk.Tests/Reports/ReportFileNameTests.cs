using System.Text;

namespace RefAssured.Sdk.Tests.Reports;

public sealed class ReportFileNameTests
{
    [Theory]
    [InlineData("RefAssured_PreHire_Reference_John_Doe_10001.pdf", "RefAssured_PreHire_Reference_John_Doe_10001.pdf")]
    [InlineData("report.PDF", "report.pdf")]
    [InlineData("Zoë Ångström report.pdf", "Zoë Ångström report.pdf")]
    [InlineData("report", "report.pdf")]
    [InlineData("report.exe", "report.exe.pdf")]
    [InlineData("report.pdf.exe", "report.pdf.exe.pdf")]
    public void Sanitize_OrdinaryNames_KeepsThemAndEndsInPdf(string input, string expected) =>
        Assert.Equal(expected, ReportFileName.Sanitize(input));

    [Theory]
    [InlineData("../../etc/passwd", "passwd.pdf")]
    [InlineData("..\\..\\Windows\\System32\\evil.pdf", "evil.pdf")]
    [InlineData("/absolute/path/report.pdf", "report.pdf")]
    [InlineData("C:\\Users\\x\\report.pdf", "report.pdf")]
    [InlineData("C:report.pdf", "report.pdf")]
    [InlineData("mixed/sep\\ar/ators.pdf", "ators.pdf")]
    [InlineData("\\\\server\\share\\report.pdf", "report.pdf")]
    public void Sanitize_DirectoriesAndDriveLetters_AreStripped(string input, string expected) =>
        Assert.Equal(expected, ReportFileName.Sanitize(input));

    [Theory]
    [InlineData("..", null)]
    [InlineData("../", null)]
    [InlineData("a..b.pdf", "a.b.pdf")]
    [InlineData("report...pdf", "report.pdf")]
    [InlineData("..pdf", null)]
    public void Sanitize_DotDot_IsCollapsedOrRejected(string input, string? expected) =>
        Assert.Equal(expected, ReportFileName.Sanitize(input));

    [Theory]
    [InlineData("re\0port.pdf", "re_port.pdf")]
    [InlineData("re\nport\t.pdf", "re_port_.pdf")]
    [InlineData("a\u007Fb.pdf", "a_b.pdf")]
    [InlineData("fdp\u202Eexe.pdf", "fdp_exe.pdf")]
    [InlineData("a<b>c:d\"e|f?g*h.pdf", "a_b_c_d_e_f_g_h.pdf")]
    [InlineData("report.pdf:hidden", "report.pdf_hidden.pdf")]
    public void Sanitize_ControlFormatAndReservedCharacters_AreReplaced(string input, string expected) =>
        Assert.Equal(expected, ReportFileName.Sanitize(input));

    [Theory]
    [InlineData("CON")]
    [InlineData("con.pdf")]
    [InlineData("NUL.txt")]
    [InlineData("Com1.pdf")]
    [InlineData("LPT9")]
    [InlineData("aux .pdf")]
    [InlineData("COM¹.pdf")]
    [InlineData("CONIN$")]
    public void Sanitize_ReservedDeviceNames_AreRejected(string input) =>
        Assert.Null(ReportFileName.Sanitize(input));

    [Theory]
    [InlineData("CONSOLE.pdf", "CONSOLE.pdf")]
    [InlineData("COM10.pdf", "COM10.pdf")]
    public void Sanitize_NamesThatOnlyStartLikeDevices_AreKept(string input, string expected) =>
        Assert.Equal(expected, ReportFileName.Sanitize(input));

    [Theory]
    [InlineData(".bashrc", "bashrc.pdf")]
    [InlineData("...hidden.pdf", "hidden.pdf")]
    [InlineData(" . report.pdf", "report.pdf")]
    [InlineData("report. . .", "report.pdf")]
    [InlineData("report.pdf . ", "report.pdf")]
    public void Sanitize_LeadingDotsAndTrailingDotsOrSpaces_AreRemoved(string input, string expected) =>
        Assert.Equal(expected, ReportFileName.Sanitize(input));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("...")]
    [InlineData("____")]
    [InlineData(".pdf")]
    [InlineData("\0\0\0")]
    public void Sanitize_NothingUsable_ReturnsNull(string? input) =>
        Assert.Null(ReportFileName.Sanitize(input));

    [Fact]
    public void Sanitize_OverlongName_IsShortenedWithinByteLimitAndKeepsPdf()
    {
        var name = ReportFileName.Sanitize(new string('a', 500) + ".pdf")!;

        Assert.EndsWith(".pdf", name, StringComparison.Ordinal);
        Assert.Equal(ReportFileName.MaxLengthInBytes, Encoding.UTF8.GetByteCount(name));
    }

    [Fact]
    public void Sanitize_OverlongMultibyteName_NeverSplitsACharacter()
    {
        var name = ReportFileName.Sanitize(string.Concat(Enumerable.Repeat("😀é", 200)))!;

        Assert.True(Encoding.UTF8.GetByteCount(name) <= ReportFileName.MaxLengthInBytes);
        Assert.DoesNotContain('\uFFFD', name);
        Assert.Equal(name, Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(name)));
    }

    [Theory]
    [InlineData(10001L)]
    [InlineData(10002L)]
    public void Sanitize_LongNonLatinName_KeepsItsRequestIdAndPdfWithinByteLimit(long requestId)
    {
        var name = ReportFileName.Sanitize(LongCjkName(requestId))!;

        Assert.EndsWith($"_{requestId}.pdf", name, StringComparison.Ordinal);
        Assert.StartsWith("RefAssured_PreHire_Reference_", name, StringComparison.Ordinal);
        Assert.True(Encoding.UTF8.GetByteCount(name) <= ReportFileName.MaxLengthInBytes, $"{Encoding.UTF8.GetByteCount(name)} bytes");
        Assert.Equal(name, Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(name)));
    }

    [Fact]
    public void Sanitize_LongNonLatinName_KeepsAsManyBytesOfTheEndAsOfTheStart() =>
        Assert.Equal(
            "RefAssured_PreHire_Reference_" + new string('\u4E2D', 9) + "~" + new string('\u6587', 17) + "_10001.pdf",
            ReportFileName.Sanitize(LongCjkName(10001)));

    [Fact]
    public void Sanitize_LongNamesDifferingOnlyAtTheEnd_StayDifferent() =>
        Assert.NotEqual(ReportFileName.Sanitize(LongCjkName(10001)), ReportFileName.Sanitize(LongCjkName(10002)));

    [Fact]
    public void Sanitize_OverlongName_KeepsStartAndEndJoinedByTilde()
    {
        var name = ReportFileName.Sanitize("start" + new string('m', 300) + "end.pdf")!;

        Assert.Matches("^startm+~m+end\\.pdf$", name);
        Assert.Equal(ReportFileName.MaxLengthInBytes, Encoding.UTF8.GetByteCount(name));
    }

    [Fact]
    public void Sanitize_LoneSurrogate_IsReplaced() =>
        Assert.Equal("a_b.pdf", ReportFileName.Sanitize("a\uD800b"));

    [Theory]
    [InlineData("../../x/..", 10001L, "RefAssured_Report_10001.pdf")]
    [InlineData(null, 10001L, "RefAssured_Report_10001.pdf")]
    [InlineData("CON", null, "RefAssured_Report_John_Doe.pdf")]
    [InlineData(null, null, "RefAssured_Report_John_Doe.pdf")]
    public void Create_UnusableName_FallsBackToRequestIdThenCandidate(string? fileName, long? requestId, string expected)
    {
        var candidate = new Candidate { PersonId = 30001, FirstName = "John", LastName = "Doe" };

        Assert.Equal(expected, ReportFileName.Create(fileName, requestId, candidate));
    }

    [Theory]
    [InlineData("")]
    [InlineData("CON")]
    [InlineData("...")]
    [InlineData(null)]
    public void Create_UnusableNameWithoutRequestId_UsesDeliveryIdBeforeCandidate(string? fileName)
    {
        var candidate = new Candidate { PersonId = 30001, FirstName = "John", LastName = "Doe" };

        Assert.Equal("RefAssured_Report_01JDREPORT000000000000000A.pdf", ReportFileName.Create(fileName, null, candidate, "01JDREPORT000000000000000A"));
        Assert.Equal("RefAssured_Report_10001.pdf", ReportFileName.Create(fileName, 10001, candidate, "01JDREPORT000000000000000A"));
    }

    [Fact]
    public void Create_TwoDeliveriesOfOneCandidateWithUnusableNames_GetDifferentNames()
    {
        var candidate = new Candidate { PersonId = 30001, FirstName = "John", LastName = "Doe" };

        var first = ReportFileName.Create("CON", null, candidate, "01JDREPORT000000000000000A");
        var second = ReportFileName.Create("", null, candidate, "01JDREPORT000000000000000B");

        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Create_DeliveryIdWithSeparators_IsSanitized() =>
        Assert.Equal("RefAssured_Report_tenant_a_42.pdf", ReportFileName.Create(null, null, null, "../tenant/a:42"));

    [Fact]
    public void Create_CandidateWithoutUsableName_UsesPersonIdThenDefault()
    {
        Assert.Equal("RefAssured_Report_Candidate_30001.pdf", ReportFileName.Create(null, null, new Candidate { PersonId = 30001, FirstName = "../" }));
        Assert.Equal(ReportFileName.DefaultName, ReportFileName.Create(null, null, new Candidate()));
        Assert.Equal(ReportFileName.DefaultName, ReportFileName.Create(null, null, null));
    }

    [Fact]
    public void Create_CandidateNameWithSeparators_IsSanitized()
    {
        var candidate = new Candidate { FirstName = "../../John", LastName = "Doe" };

        Assert.Equal("RefAssured_Report_John_Doe.pdf", ReportFileName.Create(null, null, candidate));
    }

    // The vendor's naming with a long non-Latin candidate name: 29 + 180 + 6 + 4 bytes in UTF-8.
    private static string LongCjkName(long requestId) =>
        "RefAssured_PreHire_Reference_" + new string('\u4E2D', 30) + new string('\u6587', 30) + $"_{requestId}.pdf";
}

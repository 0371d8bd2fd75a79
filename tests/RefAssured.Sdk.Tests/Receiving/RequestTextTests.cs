namespace RefAssured.Sdk.Tests.Receiving;

public sealed class RequestTextTests
{
    [Theory]
    [InlineData("sales-lead", "sales-lead")]
    [InlineData("x\ninfo: Accepted", "x\\ninfo: Accepted")]
    [InlineData("a\r\nb\tc", "a\\r\\nb\\tc")]
    [InlineData("nul\0esc\u001b[31m", "nul\\u0000esc\\u001B[31m")]
    [InlineData("c1\u0085del\u007f", "c1\\u0085del\\u007F")]
    [InlineData("line\u2028para\u2029", "line\\u2028para\\u2029")]
    [InlineData("bidi\u202Etxt.exe\u2066", "bidi\\u202Etxt.exe\\u2066")]
    [InlineData("Zoë 名前 😀", "Zoë 名前 😀")]
    public void Escape_UnsafeCharacters_AreWrittenAsEscapesAndTheRestKept(string value, string expected)
    {
        Assert.Equal(expected, RequestText.Escape(value));
    }

    [Fact]
    public void Escape_LoneSurrogates_AreWrittenAsEscapes()
    {
        // Built in code: theory data would replace a lone surrogate before the test sees it.
        var value = "lone" + (char)0xD800 + " low" + (char)0xDC00;

        Assert.Equal("lone\\uD800 low\\uDC00", RequestText.Escape(value));
    }

    [Fact]
    public void Escape_LongValue_IsCutToTheBoundWithAnEllipsis()
    {
        var escaped = RequestText.Escape(new string('a', 500), 64);

        Assert.Equal(new string('a', 64) + "…", escaped);
    }

    [Fact]
    public void Escape_ManyNewlines_StaysWithinTheBoundAfterEscaping()
    {
        var escaped = RequestText.Escape(new string('\n', 500), 64);

        Assert.Equal(string.Concat(Enumerable.Repeat("\\n", 32)) + "…", escaped);
        Assert.DoesNotContain('\n', escaped);
    }

    [Fact]
    public void Escape_CutInsideASurrogatePair_NeverSplitsIt()
    {
        var escaped = RequestText.Escape("a" + string.Concat(Enumerable.Repeat("😀", 10)), 4);

        Assert.Equal("a😀…", escaped);
    }

    [Fact]
    public void Describe_Null_IsNone()
    {
        Assert.Equal("(none)", RequestText.Describe(null));
        Assert.Null(RequestText.EscapeOrNull(null));
    }
}

namespace RefAssured.Sdk.Tests.Verification;

public sealed class RefAssuredKeySetTests
{
    private const string Key = "6d015479-0123-abcd-4567-e8ef634acf45";

    [Fact]
    public void Verify_ExactKey_ReturnsValid() =>
        Assert.Equal(RefAssuredKeyVerificationResult.Valid, new RefAssuredKeySet(Key).Verify(Key));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Verify_NoHeader_ReturnsMissingKey(string? presented) =>
        Assert.Equal(RefAssuredKeyVerificationResult.MissingKey, new RefAssuredKeySet(Key).Verify(presented));

    [Theory]
    [InlineData(Key + " ")]
    [InlineData(" " + Key)]
    [InlineData("6D015479-0123-ABCD-4567-E8EF634ACF45")]
    [InlineData("6d015479-0123-abcd-4567-e8ef634acf4")]
    [InlineData("7d015479-0123-abcd-4567-e8ef634acf45")]
    [InlineData("6d015479-0123-abcd-4567-e8ef634acf46")]
    [InlineData("x")]
    public void Verify_AnyDifference_ReturnsKeyMismatch(string presented) =>
        Assert.Equal(RefAssuredKeyVerificationResult.KeyMismatch, new RefAssuredKeySet(Key).Verify(presented));

    [Fact]
    public void Verify_NoKeyConfigured_RefusesEveryRequest()
    {
        Assert.Equal(RefAssuredKeyVerificationResult.NoKeyConfigured, RefAssuredKeySet.None.Verify(Key));
        Assert.Equal(RefAssuredKeyVerificationResult.NoKeyConfigured, RefAssuredKeySet.None.Verify(null));
        Assert.Equal(RefAssuredKeyVerificationResult.NoKeyConfigured, new RefAssuredKeySet([]).Verify(""));
    }

    [Fact]
    public void Verify_SeveralKeys_AcceptsEachAndNothingElse()
    {
        var keys = new RefAssuredKeySet("old-key", "new-key", "staging-key");

        Assert.Equal(3, keys.Count);
        Assert.Equal(RefAssuredKeyVerificationResult.Valid, keys.Verify("old-key"));
        Assert.Equal(RefAssuredKeyVerificationResult.Valid, keys.Verify("new-key"));
        Assert.Equal(RefAssuredKeyVerificationResult.Valid, keys.Verify("staging-key"));
        Assert.Equal(RefAssuredKeyVerificationResult.KeyMismatch, keys.Verify("other-key"));
    }

    [Fact]
    public void Verify_VeryLongHeader_IsAMismatchWithoutThrowing() =>
        Assert.Equal(RefAssuredKeyVerificationResult.KeyMismatch, new RefAssuredKeySet(Key).Verify(new string('k', 100_000)));

    [Fact]
    public void Verify_NonAsciiHeader_IsCompared() =>
        Assert.Equal(RefAssuredKeyVerificationResult.Valid, new RefAssuredKeySet("clé-ünïcode").Verify("clé-ünïcode"));

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public void Constructor_EmptyKey_Throws(string? key)
    {
        var ex = Assert.Throws<ArgumentException>(() => new RefAssuredKeySet(key!));

        Assert.DoesNotContain(Key, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_NeverShowsTheKeys()
    {
        var keys = new RefAssuredKeySet(Key, "second-secret");

        Assert.Equal("RefAssuredKeySet { Count = 2 }", keys.ToString());
    }
}

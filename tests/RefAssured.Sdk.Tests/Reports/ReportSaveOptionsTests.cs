namespace RefAssured.Sdk.Tests.Reports;

public sealed class ReportSaveOptionsTests
{
    [Fact]
    public void Default_KeepsReportsRequiresPdfAndIsOwnerOnly()
    {
        var options = ReportSaveOptions.Default;

        Assert.False(options.Overwrite);
        Assert.True(options.RequirePdf);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, options.UnixCreateMode);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, options.DirectoryMode);
    }

    [Theory]
    [InlineData(0b110_100_100, 0b111_101_101)]
    [InlineData(0b110_110_000, 0b111_111_000)]
    [InlineData(0b110_010_000, 0b111_010_000)]
    public void DirectoryMode_AddsSearchWhereverReadIsGranted(int fileMode, int directoryMode) =>
        Assert.Equal((UnixFileMode)directoryMode, new ReportSaveOptions { UnixCreateMode = (UnixFileMode)fileMode }.DirectoryMode);

    [Theory]
    [InlineData(0b100_000_000)]
    [InlineData(0b010_000_000)]
    [InlineData(0b000_000_000)]
    [InlineData(0b100_110_100_100)]
    public void UnixCreateMode_WithoutOwnerReadWriteOrWithSpecialBits_Throws(int mode) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReportSaveOptions { UnixCreateMode = (UnixFileMode)mode });
}

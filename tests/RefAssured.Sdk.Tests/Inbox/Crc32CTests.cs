namespace RefAssured.Sdk.Tests.Inbox;

public sealed class Crc32CTests
{
    [Fact]
    public void Compute_TheStandardCheckValue()
    {
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));
    }

    // Around the 8-byte steps: empty, a tail alone, whole steps, steps and a tail, and at odd starting addresses.
    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(4096)]
    [InlineData(6 * 4096 + 13)]
    [InlineData(1_000_003)]
    public void Append_MatchesTheBitwiseDefinition_AtEveryLengthAndStart(int length)
    {
        var data = new byte[length + 3];
        new Random(length).NextBytes(data);
        foreach (var start in new[] { 0, 1, 3 })
        {
            var span = data.AsSpan(start, length);
            Assert.Equal(Reference(0, span), Crc32C.Compute(span));
            Assert.Equal(Reference(0x12345678, span), Crc32C.Append(0x12345678, span));
        }
    }

    [Fact]
    public void Append_InPieces_EqualsAppendWhole()
    {
        var data = new byte[50_000];
        new Random(9).NextBytes(data);

        var pieces = Crc32C.Append(Crc32C.Append(Crc32C.Compute(data.AsSpan(0, 12_289)), data.AsSpan(12_289, 20_000)), data.AsSpan(32_289));

        Assert.Equal(Crc32C.Compute(data), pieces);
    }

    // CRC-32C straight from its definition, one bit at a time.
    private static uint Reference(uint crc, ReadOnlySpan<byte> data)
    {
        crc = ~crc;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78 : crc >> 1;
            }
        }

        return ~crc;
    }
}

using System.Buffers.Binary;

namespace RefAssured.Sdk.Hosting;

/// <summary>
/// Makes delivery ids: 26 characters of Crockford base32 holding a 48-bit millisecond timestamp
/// and 80 random bits, so that ids sort by receipt time and never collide in practice.
/// </summary>
internal static class DeliveryIds
{
    public const int Length = 26;

    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    private static readonly System.Buffers.SearchValues<char> AlphabetValues = System.Buffers.SearchValues.Create(Alphabet);

    /// <summary>Makes an id for a delivery received at <paramref name="receivedAt"/>.</summary>
    public static string New(DateTimeOffset receivedAt)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteInt64BigEndian(bytes, receivedAt.ToUnixTimeMilliseconds() << 16);
        // Ids are unique, not secret: a seeded generator is enough, and far cheaper than the OS's.
        Random.Shared.NextBytes(bytes[6..]);
        var value = BinaryPrimitives.ReadUInt128BigEndian(bytes);
        return string.Create(Length, value, static (chars, state) =>
        {
            for (var i = chars.Length - 1; i >= 0; i--)
            {
                chars[i] = Alphabet[(int)(state & 31)];
                state >>= 5;
            }
        });
    }

    /// <summary>Checks that a text has the shape of a delivery id, so it is safe as a file name.</summary>
    public static bool IsWellFormed(string? id) =>
        id is { Length: Length } && id.AsSpan().IndexOfAnyExcept(AlphabetValues) < 0;
}

using System.Security.Cryptography;
using System.Text;

namespace RefAssured.Sdk;

/// <summary>
/// The verification keys that are valid at once (during a rotation, or one per environment),
/// held only as SHA-256 digests so that a comparison takes the same time whatever the keys'
/// lengths and contents. Build one per set of keys and reuse it: creating it hashes every key.
/// </summary>
/// <remarks><see cref="ToString"/> shows the number of keys only; the keys are never exposed.</remarks>
public sealed class RefAssuredKeySet
{
    private const int DigestSize = 32;

    // Digests side by side in one array: every verification reads all of them.
    private readonly byte[] _digests;

    // One reusable hash per thread: a one-shot SHA256.HashData looks the algorithm up anew on
    // every call, which costs more than hashing a short header value.
    [ThreadStatic]
    private static IncrementalHash? t_sha256;

    /// <summary>Initializes a set of valid keys.</summary>
    /// <param name="keys">The keys, compared exactly: no trimming, letter case counts.</param>
    /// <exception cref="ArgumentNullException"><paramref name="keys"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A key is <see langword="null"/> or empty.</exception>
    public RefAssuredKeySet(IEnumerable<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var digests = new List<byte[]>();
        foreach (var key in keys)
        {
            if (string.IsNullOrEmpty(key))
            {
                throw new ArgumentException("A verification key cannot be null or empty.", nameof(keys));
            }

            digests.Add(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        }

        _digests = [.. digests.SelectMany(d => d)];
    }

    /// <summary>Initializes a set of valid keys.</summary>
    /// <param name="keys">The keys, compared exactly: no trimming, letter case counts.</param>
    /// <exception cref="ArgumentNullException"><paramref name="keys"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A key is <see langword="null"/> or empty.</exception>
    public RefAssuredKeySet(params string[] keys)
        : this((IEnumerable<string>)keys)
    {
    }

    /// <summary>Gets a set with no key: every request verified against it is refused.</summary>
    public static RefAssuredKeySet None { get; } = new();

    /// <summary>Gets how many keys are valid.</summary>
    public int Count => _digests.Length / DigestSize;

    /// <summary>
    /// Checks a presented key against every valid key in constant time: the time depends on
    /// neither which key matched nor where a mismatch is, nor on the valid keys' lengths.
    /// </summary>
    /// <param name="presentedKey">The value of the <c>x-refassured-key</c> header, or <see langword="null"/> when absent.</param>
    /// <returns>The documented outcome; <see cref="RefAssuredKeyVerificationResult.NoKeyConfigured"/> for an empty set.</returns>
    public RefAssuredKeyVerificationResult Verify(string? presentedKey)
    {
        if (Count == 0)
        {
            return RefAssuredKeyVerificationResult.NoKeyConfigured;
        }

        if (string.IsNullOrEmpty(presentedKey))
        {
            return RefAssuredKeyVerificationResult.MissingKey;
        }

        Span<byte> presented = stackalloc byte[DigestSize];
        HashPresented(presentedKey, presented);

        var matched = false;
        for (var offset = 0; offset < _digests.Length; offset += DigestSize)
        {
            // No early exit: every key is compared whatever the earlier ones gave.
            matched |= CryptographicOperations.FixedTimeEquals(presented, _digests.AsSpan(offset, DigestSize));
        }

        return matched ? RefAssuredKeyVerificationResult.Valid : RefAssuredKeyVerificationResult.KeyMismatch;
    }

    /// <summary>Returns the number of keys only.</summary>
    /// <returns>For example <c>RefAssuredKeySet { Count = 2 }</c>.</returns>
    public override string ToString() => $"RefAssuredKeySet {{ Count = {Count} }}";

    private static void HashPresented(string presentedKey, Span<byte> digest)
    {
        var sha256 = t_sha256 ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        // Header values are short; a heap buffer covers a hostile, very long one.
        var length = Encoding.UTF8.GetMaxByteCount(presentedKey.Length);
        if (length <= 512)
        {
            Span<byte> utf8 = stackalloc byte[length];
            var written = Encoding.UTF8.GetBytes(presentedKey, utf8);
            sha256.AppendData(utf8[..written]);
        }
        else
        {
            sha256.AppendData(Encoding.UTF8.GetBytes(presentedKey));
        }

        sha256.GetHashAndReset(digest);
    }
}

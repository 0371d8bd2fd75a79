using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json.Serialization;

namespace RefAssured.Sdk;

/// <summary>
/// A candidate's IDs in other systems, by system key (for example <c>bullhornCandidateId</c>,
/// <c>salesforceCandidateId</c>). IDs sent as JSON numbers keep their digits as text, so large
/// ones lose nothing; systems this SDK does not know are kept. Keys compare case-insensitively.
/// </summary>
/// <remarks>
/// When RefAssured sends an array of ID objects, they are merged in order and the first value of
/// a key wins. A key whose value is JSON <c>null</c> is left out.
/// </remarks>
[JsonConverter(typeof(Serialization.ExternalIdsConverter))]
[SuppressMessage("Naming", "CA1710:Identifiers should have correct suffix", Justification = "Named after the vendor's externalIds field, which users search for.")]
public sealed class ExternalIds : IReadOnlyDictionary<string, string>, IEquatable<ExternalIds>
{
    /// <summary>The key of a Bullhorn candidate ID.</summary>
    public const string BullhornCandidateIdKey = "bullhornCandidateId";

    /// <summary>The key of a Salesforce candidate ID.</summary>
    public const string SalesforceCandidateIdKey = "salesforceCandidateId";

    // Up to this many IDs are looked up by a scan of the array; a dictionary past it.
    private const int ScanLimit = 8;

    private readonly KeyValuePair<string, string>[] _entries;
    private readonly Dictionary<string, string>? _lookup;

    /// <summary>Initializes a set of external IDs; for a duplicate key the first value wins.</summary>
    /// <param name="entries">The IDs, by system key, in the order received.</param>
    /// <exception cref="ArgumentNullException"><paramref name="entries"/> is <see langword="null"/>, or holds a <see langword="null"/> key.</exception>
    public ExternalIds(IEnumerable<KeyValuePair<string, string>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var distinct = new KeyValuePair<string, string>[entries.TryGetNonEnumeratedCount(out var count) ? count : 4];
        var kept = 0;
        if (entries is List<KeyValuePair<string, string>> list)
        {
            foreach (var entry in list)
            {
                AddFirst(ref distinct, ref kept, ref _lookup, entry);
            }
        }
        else
        {
            foreach (var entry in entries)
            {
                AddFirst(ref distinct, ref kept, ref _lookup, entry);
            }
        }

        _entries = kept == distinct.Length ? distinct : distinct[..kept];
    }

    /// <summary>Gets an empty set of external IDs.</summary>
    public static ExternalIds Empty { get; } = new([]);

    /// <summary>Gets the Bullhorn candidate ID when present and numeric; otherwise <see langword="null"/>.</summary>
    public long? BullhornCandidateId => TryGetInt64(BullhornCandidateIdKey, out var id) ? id : null;

    /// <summary>Gets the Salesforce candidate ID when present; otherwise <see langword="null"/>.</summary>
    public string? SalesforceCandidateId => TryGetValue(SalesforceCandidateIdKey, out var id) ? id : null;

    /// <inheritdoc />
    public int Count => _entries.Length;

    /// <inheritdoc />
    public IEnumerable<string> Keys => _entries.Select(e => e.Key);

    /// <inheritdoc />
    public IEnumerable<string> Values => _entries.Select(e => e.Value);

    /// <inheritdoc />
    /// <exception cref="KeyNotFoundException">No ID has the key.</exception>
    public string this[string key] => TryGetValue(key, out var id) ? id : throw new KeyNotFoundException($"No external ID has the key '{key}'.");

    /// <summary>Gets an ID as a 64-bit integer.</summary>
    /// <param name="key">The system key, for example <c>bullhornCandidateId</c>.</param>
    /// <param name="value">The ID when present and an integer.</param>
    /// <returns><see langword="true"/> when the ID is present and fits a 64-bit integer.</returns>
    public bool TryGetInt64(string key, out long value)
    {
        value = 0;
        return TryGetValue(key, out var text) &&
               long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    /// <inheritdoc />
    public bool ContainsKey(string key) => TryGetValue(key, out _);

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_lookup is not null)
        {
            return _lookup.TryGetValue(key, out value);
        }

        var index = IndexOf(_entries, key);
        value = index >= 0 ? _entries[index].Value : null;
        return index >= 0;
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, string>>)_entries).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Compares two sets by their keys and values, in order.</summary>
    /// <param name="other">The other set.</param>
    /// <returns><see langword="true"/> when both hold the same IDs in the same order.</returns>
    public bool Equals(ExternalIds? other)
    {
        if (other is null || other._entries.Length != _entries.Length)
        {
            return false;
        }

        for (var i = 0; i < _entries.Length; i++)
        {
            if (!string.Equals(_entries[i].Key, other._entries[i].Key, StringComparison.Ordinal) ||
                !string.Equals(_entries[i].Value, other._entries[i].Value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ExternalIds);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var entry in _entries)
        {
            hash.Add(entry.Key);
            hash.Add(entry.Value);
        }

        return hash.ToHashCode();
    }

    /// <summary>Returns the system keys present, without the IDs.</summary>
    /// <returns>For example <c>ExternalIds { bullhornCandidateId, salesforceCandidateId }</c>.</returns>
    public override string ToString() => $"ExternalIds {{ {string.Join(", ", Keys)} }}";

    // Keeps an entry unless its key is already there; builds the dictionary once there are many.
    private static void AddFirst(ref KeyValuePair<string, string>[] distinct, ref int kept, ref Dictionary<string, string>? lookup, KeyValuePair<string, string> entry)
    {
        ArgumentNullException.ThrowIfNull(entry.Key, "entries");
        if (lookup is null && kept == ScanLimit)
        {
            lookup = new Dictionary<string, string>(distinct.Take(kept), StringComparer.OrdinalIgnoreCase);
        }

        if (lookup is not null ? !lookup.TryAdd(entry.Key, entry.Value) : IndexOf(distinct.AsSpan(0, kept), entry.Key) >= 0)
        {
            return;
        }

        if (kept == distinct.Length)
        {
            Array.Resize(ref distinct, Math.Max(4, kept * 2));
        }

        distinct[kept++] = entry;
    }

    private static int IndexOf(ReadOnlySpan<KeyValuePair<string, string>> entries, string key)
    {
        for (var i = 0; i < entries.Length; i++)
        {
            if (string.Equals(entries[i].Key, key, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }
}

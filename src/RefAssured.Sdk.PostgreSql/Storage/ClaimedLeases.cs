using System.Collections.Concurrent;

namespace RefAssured.Sdk.PostgreSql;

/// <summary>
/// The lease token of every delivery this instance has handed out and not yet completed, failed
/// or released. A completion, failure or release changes the row only while it still carries the
/// token, so that an instance whose lease expired and was taken over records nothing.
/// </summary>
internal sealed class ClaimedLeases
{
    private readonly ConcurrentDictionary<string, Guid> _tokens = new(StringComparer.Ordinal);

    public int Count => _tokens.Count;

    public void Add(string deliveryId, Guid token) => _tokens[deliveryId] = token;

    public bool TryGet(string deliveryId, out Guid token) => _tokens.TryGetValue(deliveryId, out token);

    /// <summary>Forgets a lease, unless the delivery was claimed again since with another token.</summary>
    public void Remove(string deliveryId, Guid token) => _tokens.TryRemove(new KeyValuePair<string, Guid>(deliveryId, token));

    /// <summary>Copies the leases held, as two arrays of the same order.</summary>
    public (string[] Ids, Guid[] Tokens) Snapshot()
    {
        var held = _tokens.ToArray();
        return (held.Select(h => h.Key).ToArray(), held.Select(h => h.Value).ToArray());
    }
}

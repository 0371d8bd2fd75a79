using System.Text;

namespace HttpListenerReceiver;

/// <summary>
/// Remembers which handler has handled which delivery, so that a redelivery after a crash
/// (handlers run at least once) is recognised and skipped. Kept in memory and in a journal file,
/// one line per handled delivery appended as it is recorded, read back at start.
/// </summary>
internal sealed class HandledDeliveries : IDisposable
{
    private readonly Lock _lock = new();
    private readonly HashSet<string> _handled = new(StringComparer.Ordinal);
    private readonly FileStream _journal;

    /// <summary>Opens (or creates) the journal in <paramref name="directory"/> and reads what it holds.</summary>
    public HandledDeliveries(string directory)
    {
        var path = Path.Combine(Directory.CreateDirectory(directory).FullName, "handled.log");
        if (File.Exists(path))
        {
            // A line cut short by a crash never matches an entry, so it is harmless.
            _handled.UnionWith(File.ReadLines(path));
        }

        _journal = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0);
    }

    public bool Contains(string handler, string deliveryId)
    {
        lock (_lock)
        {
            return _handled.Contains(Entry(handler, deliveryId));
        }
    }

    public void Add(string handler, string deliveryId)
    {
        var entry = Entry(handler, deliveryId);
        lock (_lock)
        {
            if (_handled.Add(entry))
            {
                _journal.Write(Encoding.ASCII.GetBytes(entry + "\n"));
            }
        }
    }

    public void Dispose() => _journal.Dispose();

    // Delivery ids are 26 letters and digits; handler names are fixed words.
    private static string Entry(string handler, string deliveryId) => $"{handler} {deliveryId}";
}

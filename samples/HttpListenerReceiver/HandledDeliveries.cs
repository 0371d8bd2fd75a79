using System.Text;

namespace HttpListenerReceiver;

/// <summary>
/// Remembers which handler has handled which delivery, so that a redelivery after a crash
/// (handlers run at least once) is recognised and skipped. Kept in memory and in a journal file,
/// one line per handled delivery appended as it is recorded, read back at start.
/// </summary>
/// <remarks>
/// Only the newest <see cref="Capacity"/> entries are kept: a crash can only bring back
/// deliveries handled since the inbox last recorded completions, and retries already skip the
/// handlers that succeeded. The journal is rewritten with the kept entries once it holds twice
/// as many lines, so memory and disk stay bounded however long the sample runs.
/// </remarks>
internal sealed class HandledDeliveries : IDisposable
{
    /// <summary>How many handled deliveries are remembered: far more than can be handled between two of the inbox's flushes.</summary>
    public const int Capacity = 100_000;

    private readonly Lock _lock = new();
    private readonly HashSet<Entry> _handled = [];
    private readonly Queue<Entry> _order = new();
    private readonly string _path;
    private FileStream _journal;
    private int _journalLines;

    /// <summary>Opens (or creates) the journal in <paramref name="directory"/> and reads what it holds.</summary>
    public HandledDeliveries(string directory)
    {
        _path = Path.Combine(Directory.CreateDirectory(directory).FullName, "handled.log");
        if (File.Exists(_path))
        {
            // A line cut short by a crash never matches an entry, so it is harmless.
            foreach (var line in File.ReadLines(_path))
            {
                if (line.Split(' ') is [var handler, var deliveryId])
                {
                    Remember(new Entry(handler, deliveryId));
                }

                _journalLines++;
            }
        }

        _journal = OpenJournal();
    }

    public bool Contains(string handler, string deliveryId)
    {
        lock (_lock)
        {
            return _handled.Contains(new Entry(handler, deliveryId));
        }
    }

    public void Add(string handler, string deliveryId)
    {
        var entry = new Entry(handler, deliveryId);
        lock (_lock)
        {
            if (Remember(entry))
            {
                Span<byte> line = entry.LineLength <= 256 ? stackalloc byte[256] : new byte[entry.LineLength];
                entry.WriteLine(line);
                _journal.Write(line[..entry.LineLength]);
                if (++_journalLines >= 2 * Capacity)
                {
                    Compact();
                }
            }
        }
    }

    public void Dispose() => _journal.Dispose();

    private FileStream OpenJournal() => new(_path, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0);

    private bool Remember(Entry entry)
    {
        if (!_handled.Add(entry))
        {
            return false;
        }

        _order.Enqueue(entry);
        if (_order.Count > Capacity)
        {
            _handled.Remove(_order.Dequeue());
        }

        return true;
    }

    // A new file takes the journal's place in one rename: a crash leaves the old one or the new one.
    private void Compact()
    {
        var replacement = _path + ".new";
        using (var file = new FileStream(replacement, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            var line = new byte[256];
            foreach (var entry in _order)
            {
                if (line.Length < entry.LineLength)
                {
                    line = new byte[entry.LineLength];
                }

                entry.WriteLine(line);
                file.Write(line, 0, entry.LineLength);
            }

            file.Flush(flushToDisk: true);
        }

        _journal.Dispose();
        File.Move(replacement, _path, overwrite: true);
        _journal = OpenJournal();
        _journalLines = _order.Count;
    }

    // A journal line: the handler's name, a space, the delivery id (26 letters and digits).
    private readonly record struct Entry(string Handler, string DeliveryId)
    {
        public int LineLength => Handler.Length + DeliveryId.Length + 2;

        public void WriteLine(Span<byte> line)
        {
            var written = Encoding.ASCII.GetBytes(Handler, line);
            line[written++] = (byte)' ';
            written += Encoding.ASCII.GetBytes(DeliveryId, line[written..]);
            line[written] = (byte)'\n';
        }
    }
}

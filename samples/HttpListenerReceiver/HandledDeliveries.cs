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
                    Remember(Entry.Of(handler, deliveryId));
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
            return _handled.Contains(Entry.Of(handler, deliveryId));
        }
    }

    public void Add(string handler, string deliveryId)
    {
        var entry = Entry.Of(handler, deliveryId);
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

    // A handled delivery: the handler's name, and the delivery id packed into a number when it has
    // the SDK's shape (26 characters of Crockford base32), as it always does. Ids kept as strings
    // for 100,000 deliveries outlive the garbage collector's young generations: under load the
    // sample ran 8 to 10 blocking full collections a second. Numbers inside the set's own arrays
    // give the collector nothing to trace, and it runs none.
    private readonly record struct Entry(string Handler, UInt128 PackedId, string? OtherId)
    {
        private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        private const int IdLength = 26;

        // Each character's value in the alphabet, by character code; -1 for the others.
        private static readonly sbyte[] Digits = BuildDigits();

        // A journal line: the handler's name, a space, the delivery id.
        public int LineLength => Handler.Length + (OtherId?.Length ?? IdLength) + 2;

        public static Entry Of(string handler, string deliveryId) =>
            TryPack(deliveryId, out var packed) ? new(handler, packed, null) : new(handler, default, deliveryId);

        public void WriteLine(Span<byte> line)
        {
            var written = Encoding.ASCII.GetBytes(Handler, line);
            line[written++] = (byte)' ';
            if (OtherId is not null)
            {
                written += Encoding.ASCII.GetBytes(OtherId, line[written..]);
            }
            else
            {
                var value = PackedId;
                for (var i = IdLength - 1; i >= 0; i--)
                {
                    line[written + i] = (byte)Alphabet[(int)(value & 31)];
                    value >>= 5;
                }

                written += IdLength;
            }

            line[written] = (byte)'\n';
        }

        // Equal entries hash alike; the handler names are few, so the id alone spreads them.
        public override int GetHashCode() => OtherId?.GetHashCode(StringComparison.Ordinal) ?? PackedId.GetHashCode();

        public bool Equals(Entry other) =>
            PackedId == other.PackedId &&
            string.Equals(Handler, other.Handler, StringComparison.Ordinal) &&
            string.Equals(OtherId, other.OtherId, StringComparison.Ordinal);

        private static sbyte[] BuildDigits()
        {
            var digits = new sbyte[128];
            Array.Fill(digits, (sbyte)-1);
            for (var i = 0; i < Alphabet.Length; i++)
            {
                digits[Alphabet[i]] = (sbyte)i;
            }

            return digits;
        }

        // Only ids that unpack to exactly the same text: 26 characters of the alphabet, the first
        // within the 128 bits (at most 7).
        private static bool TryPack(string id, out UInt128 packed)
        {
            packed = 0;
            if (id.Length != IdLength || id[0] > '7')
            {
                return false;
            }

            foreach (var c in id)
            {
                var digit = c < Digits.Length ? Digits[c] : -1;
                if (digit < 0)
                {
                    return false;
                }

                packed = (packed << 5) | (uint)digit;
            }

            return true;
        }
    }
}

using System.Globalization;
using System.Text;

namespace RefAssured.Sdk.Hosting;

/// <summary>
/// The quarantine directory: damaged byte ranges found by recovery are copied to
/// <c>{segment}-{offset}.bin</c>, streaming, and described in <c>quarantine.log</c>, one line each
/// starting with its time. Runs of zero bytes are not written to the copy but left as holes, so
/// a large unwritten range costs no disk space. Copies and lines are removed once older than the
/// dead-letter retention, since damaged records may hold personal data.
/// </summary>
internal sealed class QuarantineStore(string directory, RefAssuredObserver? observer, TimeProvider timeProvider)
{
    private const string LogName = "quarantine.log";
    private const int ChunkSize = 1024 * 1024;

    /// <summary>Gets how many damaged ranges were set aside since this store was made.</summary>
    public int Count { get; private set; }

    /// <summary>Sets aside the bytes from <paramref name="from"/> to <paramref name="to"/> of a segment, streaming.</summary>
    public void Add(long segment, SegmentReader reader, long from, long to, string reason)
    {
        Count++;
        var length = to - from;
        var name = string.Create(CultureInfo.InvariantCulture, $"{segment:D12}-{from:D12}.bin");
        var path = Path.Combine(directory, name);
        var message = string.Create(CultureInfo.InvariantCulture, $"Segment {segment} holds {length} bytes at offset {from} that are not a valid record ({reason}); they were copied to quarantine/{name} and skipped.");
        if (!File.Exists(path))
        {
            Copy(reader, from, to, path);
            AppendLine(message);
        }

        observer.SafeNotify(message, static (o, m) => o.InboxFailed("recover", new InvalidDataException(m)));
    }

    /// <summary>Removes the lines written before <paramref name="cutoff"/>, and every copy no kept line names.</summary>
    public void Prune(DateTimeOffset cutoff)
    {
        var log = Path.Combine(directory, LogName);
        var lines = File.Exists(log) ? File.ReadAllLines(log, Encoding.UTF8) : [];
        var kept = lines.Where(line => !WrittenBefore(line, cutoff)).ToList();
        if (kept.Count < lines.Length)
        {
            var temporary = log + ".tmp";
            using (var stream = PrivateFiles.OpenStream(temporary, FileMode.Create, FileAccess.Write))
            using (var writer = new StreamWriter(stream, new UTF8Encoding(false)))
            {
                foreach (var line in kept)
                {
                    writer.Write(line);
                    writer.Write('\n');
                }
            }

            File.Move(temporary, log, overwrite: true);
        }

        var named = string.Join('\n', kept);
        foreach (var copy in Directory.EnumerateFiles(directory, "*.bin"))
        {
            if (!named.Contains(Path.GetFileName(copy), StringComparison.Ordinal))
            {
                File.Delete(copy);
            }
        }
    }

    private static bool WrittenBefore(string line, DateTimeOffset cutoff)
    {
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        return space > 0 &&
            DateTimeOffset.TryParseExact(line.AsSpan(0, space), "O", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) &&
            at < cutoff;
    }

    private static void Copy(SegmentReader reader, long from, long to, string path)
    {
        using var output = PrivateFiles.OpenStream(path, FileMode.CreateNew, FileAccess.Write);
        var chunk = new byte[(int)Math.Min(ChunkSize, Math.Max(to - from, 1))];
        for (var position = from; position < to;)
        {
            var read = reader.Read(chunk.AsSpan(0, (int)Math.Min(chunk.Length, to - position)), position);
            if (read == 0)
            {
                break;
            }

            // Runs of zeros (space never written, a hole in a sparse file) are left as a hole in the copy too.
            if (chunk.AsSpan(0, read).ContainsAnyExcept((byte)0))
            {
                output.Position = position - from;
                output.Write(chunk, 0, read);
            }

            position += read;
        }

        output.SetLength(to - from);
    }

    private void AppendLine(string message)
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"{timeProvider.GetUtcNow():O} {message}\n");
        using var stream = PrivateFiles.OpenStream(Path.Combine(directory, LogName), FileMode.Append, FileAccess.Write);
        stream.Write(Encoding.UTF8.GetBytes(line));
    }
}

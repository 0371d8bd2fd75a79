using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;

namespace RefAssured.Sdk.Hosting;

/// <summary>
/// The inbox's audit trail: one JSON line per delivery completed, dead-lettered, replayed or
/// purged, in one file a day (<c>yyyy-MM-dd.jsonl</c>). Entries hold ids, types, times, attempts
/// and outcomes, never bodies. Each entry is written whole in one write, so a reader never sees
/// half a line; the file is flushed to disk in the background every <see cref="FlushBytes"/>
/// bytes and when the trail closes. A failure to write is reported to the observer and never
/// fails the operation being audited.
/// </summary>
internal sealed class AuditTrail(string directory, RefAssuredObserver? observer, TimeProvider timeProvider) : IDisposable
{
    private readonly object _lock = new();
    private readonly ArrayBufferWriter<byte> _line = new(1024);
    private SafeFileHandle? _file;
    private DateOnly? _day;
    private long _length;
    private long _unflushed;
    private Task _flush = Task.CompletedTask;
    private int _flushes;

    /// <summary>
    /// Gets or sets how many bytes are written before the day's file is flushed in the
    /// background: the writes reach the disk evenly rather than in one large burst of write-back
    /// that the log's own flushes would wait behind, and a power cut loses at most that much.
    /// </summary>
    public int FlushBytes { get; set; } = 1024 * 1024;

    /// <summary>Gets how many background flushes have completed.</summary>
    public int Flushes => Volatile.Read(ref _flushes);

    /// <summary>Adds an entry for <paramref name="delivery"/>.</summary>
    public void Write(RefAssuredDelivery delivery, string outcome, int attempts, string? error)
    {
        var now = timeProvider.GetUtcNow();
        try
        {
            lock (_lock)
            {
                var file = OpenDay(DateOnly.FromDateTime(now.UtcDateTime));
                _line.ResetWrittenCount();
                using (var writer = new Utf8JsonWriter(_line))
                {
                    AuditLine.Write(writer, now, delivery, outcome, attempts, error);
                }

                _line.Write("\n"u8);
                RandomAccess.Write(file, _line.WrittenSpan, _length);
                _length += _line.WrittenCount;
                _unflushed += _line.WrittenCount;
                if (_unflushed >= FlushBytes && _flush.IsCompleted)
                {
                    _unflushed = 0;
                    _flush = Task.Run(() => Flush(file));
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            lock (_lock)
            {
                CloseFile(flush: false);
            }

            observer.SafeNotify(ex, static (o, e) => o.InboxFailed("audit", e));
        }
    }

    /// <summary>Reads every entry, oldest file first; a line torn by a crash is skipped.</summary>
    public IEnumerable<RefAssuredAuditEntry> Read()
    {
        foreach (var path in Directory.EnumerateFiles(directory, "*.jsonl").Order(StringComparer.Ordinal))
        {
            string text;
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            using (var reader = new StreamReader(stream, System.Text.Encoding.UTF8))
            {
                text = reader.ReadToEnd();
            }

            foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                if (AuditLine.Parse(line) is { } entry)
                {
                    yield return entry;
                }
            }
        }
    }

    /// <summary>Deletes the files of days before the day of <paramref name="cutoff"/>.</summary>
    public void Prune(DateTimeOffset cutoff)
    {
        var firstKept = cutoff.UtcDateTime.Date;
        foreach (var path in Directory.EnumerateFiles(directory, "*.jsonl"))
        {
            if (DateTime.TryParseExact(Path.GetFileNameWithoutExtension(path), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var day) &&
                day < firstKept)
            {
                File.Delete(path);
            }
        }
    }

    /// <summary>Flushes what was written to disk and closes the file.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            CloseFile(flush: true);
        }
    }

    // Called under _lock: the day's file stays open, so that an entry costs one write.
    private SafeFileHandle OpenDay(DateOnly day)
    {
        if (_file is { } open && _day == day)
        {
            return open;
        }

        CloseFile(flush: true);
        var path = Path.Combine(directory, day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ".jsonl");
        var file = File.OpenHandle(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        _length = RandomAccess.GetLength(file);
        _file = file;
        _day = day;
        return file;
    }

    // Runs on the thread pool, one at a time. The file may be closed meanwhile; the flush is then moot.
    private void Flush(SafeFileHandle file)
    {
        try
        {
            RandomAccess.FlushToDisk(file);
            Interlocked.Increment(ref _flushes);
        }
        catch (ObjectDisposedException)
        {
        }
        catch (IOException ex)
        {
            observer.SafeNotify(ex, static (o, e) => o.InboxFailed("audit", e));
        }
    }

    // Called under _lock.
    private void CloseFile(bool flush)
    {
        try
        {
            if (flush && _file is { } file)
            {
                RandomAccess.FlushToDisk(file);
            }
        }
        catch (IOException ex)
        {
            observer.SafeNotify(ex, static (o, e) => o.InboxFailed("audit", e));
        }
        finally
        {
            _file?.Dispose();
            _file = null;
            _day = null;
            _unflushed = 0;
        }
    }
}

using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;

namespace RefAssured.Sdk.Hosting;

/// <summary>
/// The inbox's audit trail: one JSON line per delivery completed, dead-lettered, replayed,
/// purged or expired, in one file a day (<c>yyyy-MM-dd.jsonl</c>). Entries hold ids, types,
/// times, attempts, outcomes and the error kept with the delivery, never bodies. Entries wait in memory for a moment and are written in the
/// background, whole lines only and many in one write under load; reading the trail writes
/// what waits first. The file is flushed to disk in the background every
/// <see cref="FlushBytes"/> bytes and when the trail closes. A failure to write is reported to
/// the observer and never fails the operation being audited.
/// </summary>
internal sealed class AuditTrail(string directory, RefAssuredObserver? observer, TimeProvider timeProvider) : IDisposable
{
    private readonly object _lock = new();

    // Fields below are used under _lock.
    private ArrayBufferWriter<byte> _pending = new(4096);
    private Utf8JsonWriter? _writer;
    private DateOnly _pendingDay;
    private bool _writeQueued;
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
        var day = DateOnly.FromDateTime(now.UtcDateTime);
        lock (_lock)
        {
            if (_pending.WrittenCount > 0 && day != _pendingDay)
            {
                // Entries waiting from the day before go to that day's file.
                WritePendingQuietly();
            }

            _pendingDay = day;
            if (_writer is null)
            {
                _writer = new Utf8JsonWriter(_pending);
            }
            else
            {
                _writer.Reset(_pending);
            }

            AuditLine.Write(_writer, now, delivery, outcome, attempts, error);
            _writer.Flush();
            _pending.Write("\n"u8);
            if (!_writeQueued)
            {
                _writeQueued = true;
                ThreadPool.UnsafeQueueUserWorkItem(static trail => trail.WriteQueued(), this, preferLocal: false);
            }
        }
    }

    /// <summary>Reads every entry, oldest file first; a line torn by a crash is skipped.</summary>
    public IEnumerable<RefAssuredAuditEntry> Read()
    {
        lock (_lock)
        {
            WritePendingQuietly();
        }

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
            WritePendingQuietly();
            CloseFile(flush: true);
            _writer?.Dispose();
        }
    }

    private void WriteQueued()
    {
        lock (_lock)
        {
            _writeQueued = false;
            WritePendingQuietly();
        }
    }

    // Called under _lock: the waiting lines in one write; on failure they are lost with the file.
    private void WritePendingQuietly()
    {
        if (_pending.WrittenCount == 0)
        {
            return;
        }

        try
        {
            var file = OpenDay(_pendingDay);
            RandomAccess.Write(file, _pending.WrittenSpan, _length);
            _length += _pending.WrittenCount;
            _unflushed += _pending.WrittenCount;
            if (_unflushed >= FlushBytes && _flush.IsCompleted)
            {
                _unflushed = 0;
                _flush = Task.Run(() => Flush(file));
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            CloseFile(flush: false);
            observer.SafeNotify(ex, static (o, e) => o.InboxFailed("audit", e));
        }
        finally
        {
            // A long error message does not leave its large buffer behind.
            if (_pending.Capacity > 64 * 1024)
            {
                _pending = new ArrayBufferWriter<byte>(4096);
            }
            else
            {
                _pending.ResetWrittenCount();
            }
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
        var file = PrivateFiles.OpenHandle(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
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

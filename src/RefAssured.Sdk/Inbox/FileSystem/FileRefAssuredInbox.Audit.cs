using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;

namespace RefAssured.Sdk.Hosting;

public sealed partial class FileRefAssuredInbox
{
    private readonly object _auditLock = new();

    // The day's audit file stays open, so that an entry costs one write, not an open and a close.
    // Fields below are used under _auditLock.
    private SafeFileHandle? _auditFile;
    private DateOnly? _auditDay;
    private ArrayBufferWriter<byte> _auditBuffer = new(4096);
    private Utf8JsonWriter? _auditWriter;
    private long _auditLength;
    private long _auditUnflushed;
    private Task _auditFlush = Task.CompletedTask;
    private int _auditFlushes;

    /// <summary>
    /// Gets or sets how many bytes of audit entries are written before the audit file is flushed
    /// to disk in the background. Left to the kernel's periodic write-back, a busy inbox's entries
    /// pile up for half a minute and then go to disk tens of MB at once, and the log's flushes,
    /// which every 200 waits for, queue behind that burst. Flushing every MiB spreads the same
    /// writes evenly, and a power cut loses at most that much of the trail.
    /// </summary>
    internal int AuditFlushBytes { get; set; } = 1024 * 1024;

    /// <summary>Gets how many background flushes of the audit file have completed.</summary>
    internal int AuditFlushes => Volatile.Read(ref _auditFlushes);

    /// <summary>
    /// Reads the audit trail: one entry per delivery completed, dead-lettered, replayed or purged,
    /// oldest first, for as long as <see cref="FileRefAssuredInboxOptions.Retention"/> keeps it.
    /// Entries hold ids, types, times, attempts and outcomes, never bodies.
    /// </summary>
    /// <param name="cancellationToken">Cancels reading.</param>
    /// <returns>The entries.</returns>
    public async IAsyncEnumerable<RefAssuredAuditEntry> ReadAuditTrailAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await EnsureOpenAsync(cancellationToken).ConfigureAwait(false);
        foreach (var path in System.IO.Directory.EnumerateFiles(AuditDirectory, "*.jsonl").Order(StringComparer.Ordinal))
        {
            string[] lines;
            lock (_auditLock)
            {
                WritePendingAuditQuietly();
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var reader = new StreamReader(stream, System.Text.Encoding.UTF8);
                lines = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            }

            foreach (var line in lines)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (ParseAudit(line) is { } entry)
                {
                    yield return entry;
                }
            }
        }
    }

    // Adds an entry to the trail. With writeNow false it waits in memory for the log's next
    // batch, which writes it before its own records: a completion's entry is queued before its
    // record, so it reaches the audit file first, and under load one write carries many entries.
    private void Audit(RefAssuredDelivery delivery, string outcome, int attempts, string? error, bool writeNow = true)
    {
        var now = _timeProvider.GetUtcNow();
        var day = DateOnly.FromDateTime(now.UtcDateTime);
        try
        {
            lock (_auditLock)
            {
                if (_auditDay != day)
                {
                    // Entries waiting from the day before go to that day's file.
                    WritePendingAudit();
                    CloseAuditFile();
                    var path = Path.Combine(AuditDirectory, day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ".jsonl");
                    _auditFile = File.OpenHandle(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
                    _auditLength = RandomAccess.GetLength(_auditFile);
                    _auditDay = day;
                }

                AppendAuditEntry(now, delivery, outcome, attempts, error);
                if (writeNow)
                {
                    WritePendingAudit();
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            AuditFailed(ex, onLogThread: false);
        }
    }

    // Runs on the log's thread before each batch: entries queued before the batch's records
    // are written before them. Whatever fails here is reported and must not stop the log.
    private void WriteAuditBeforeBatch()
    {
        try
        {
            lock (_auditLock)
            {
                WritePendingAudit();
            }
        }
#pragma warning disable CA1031 // The log's thread goes on writing records whatever became of the audit file.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            AuditFailed(ex, onLogThread: true);
        }
    }

    // The waiting entries are lost with the file; the observer hears of it, never on the log's thread.
    private void AuditFailed(Exception error, bool onLogThread)
    {
        lock (_auditLock)
        {
            CloseAuditFile();
        }

        if (onLogThread)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static state => state.Inbox._options.Observer.SafeNotify(state.Error, static (o, e) => o.InboxFailed("audit", e)), (Inbox: this, Error: error), preferLocal: false);
        }
        else
        {
            _options.Observer.SafeNotify(error, static (o, e) => o.InboxFailed("audit", e));
        }
    }

    // Called under _auditLock: the waiting entries, whole lines, in one write, so that a reader never sees half a line.
    private void WritePendingAudit()
    {
        if (_auditBuffer.WrittenCount == 0)
        {
            return;
        }

        try
        {
            if (_auditFile is not { } file)
            {
                return;
            }

            RandomAccess.Write(file, _auditBuffer.WrittenSpan, _auditLength);
            _auditLength += _auditBuffer.WrittenCount;
            _auditUnflushed += _auditBuffer.WrittenCount;
            if (_auditUnflushed >= AuditFlushBytes && _auditFlush.IsCompleted)
            {
                _auditUnflushed = 0;
                _auditFlush = Task.Run(() => FlushAudit(file));
            }
        }
        finally
        {
            // A long error message does not leave its large buffer behind.
            if (_auditBuffer.Capacity > 64 * 1024)
            {
                _auditBuffer = new ArrayBufferWriter<byte>(4096);
            }
            else
            {
                _auditBuffer.ResetWrittenCount();
            }
        }
    }

    // Called under _auditLock: one JSON line after the waiting ones, by a writer reused from entry to entry.
    private void AppendAuditEntry(DateTimeOffset now, RefAssuredDelivery delivery, string outcome, int attempts, string? error)
    {
        if (_auditWriter is null)
        {
            _auditWriter = new Utf8JsonWriter(_auditBuffer);
        }
        else
        {
            _auditWriter.Reset(_auditBuffer);
        }

        var writer = _auditWriter;
        writer.WriteStartObject();
        writer.WriteString("at", now);
        writer.WriteString("deliveryId", delivery.DeliveryId);
        writer.WriteString("eventType", RefAssuredEventTypes.GetRouteName(delivery.EventType));
        writer.WriteString("receivedAt", delivery.ReceivedAt);
        writer.WriteBoolean("verified", true);
        writer.WriteString("outcome", outcome);
        writer.WriteNumber("attempts", attempts);
        if (error is not null)
        {
            writer.WriteString("error", error);
        }

        writer.WriteEndObject();
        writer.Flush();
        _auditBuffer.Write("\n"u8);
    }

    // Runs on the thread pool, one at a time. The file may be closed meanwhile (a new day, or the
    // inbox closing): the handle then stays usable until this flush returns, or the flush is moot.
    private void FlushAudit(SafeFileHandle file)
    {
        try
        {
            RandomAccess.FlushToDisk(file);
            Interlocked.Increment(ref _auditFlushes);
        }
        catch (ObjectDisposedException)
        {
        }
        catch (IOException ex)
        {
            _options.Observer.SafeNotify(ex, static (o, e) => o.InboxFailed("audit", e));
        }
    }

    // Called under _auditLock, before the trail is read or closed.
    private void WritePendingAuditQuietly()
    {
        try
        {
            WritePendingAudit();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            CloseAuditFile();
            _options.Observer.SafeNotify(ex, static (o, e) => o.InboxFailed("audit", e));
        }
    }

    // Called under _auditLock, or once nothing writes any more. With flush true (the inbox
    // closing), what was written reaches the disk first.
    private void CloseAuditFile(bool flush = false)
    {
        try
        {
            if (flush && _auditFile is { } file)
            {
                RandomAccess.FlushToDisk(file);
            }
        }
        catch (IOException ex)
        {
            _options.Observer.SafeNotify(ex, static (o, e) => o.InboxFailed("audit", e));
        }
        finally
        {
            // Entries still waiting were written by the caller first, or are lost with a failed file.
            _auditBuffer.ResetWrittenCount();
            _auditFile?.Dispose();
            _auditFile = null;
            _auditDay = null;
            _auditUnflushed = 0;
        }
    }

    private static RefAssuredAuditEntry? ParseAudit(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (!RefAssuredEventTypes.TryParse(root.GetProperty("eventType").GetString(), out var type))
            {
                return null;
            }

            return new RefAssuredAuditEntry(
                root.GetProperty("at").GetDateTimeOffset(),
                root.GetProperty("deliveryId").GetString()!,
                type,
                root.GetProperty("receivedAt").GetDateTimeOffset(),
                root.GetProperty("outcome").GetString()!,
                root.GetProperty("attempts").GetInt32(),
                root.TryGetProperty("error", out var error) ? error.GetString() : null);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            // A line torn by a crash is skipped; the rest of the trail stays readable.
            return null;
        }
    }
}

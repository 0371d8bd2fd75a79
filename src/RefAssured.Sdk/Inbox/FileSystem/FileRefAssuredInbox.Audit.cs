using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace RefAssured.Sdk;

public sealed partial class FileRefAssuredInbox
{
    private readonly object _auditLock = new();

    // The day's audit file stays open, so that an entry costs one write, not an open and a close.
    private FileStream? _auditFile;
    private string? _auditPath;

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

    private void Audit(RefAssuredDelivery delivery, string outcome, int attempts, string? error)
    {
        var now = _timeProvider.GetUtcNow();
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
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
        }

        buffer.Write("\n"u8);
        var path = Path.Combine(AuditDirectory, now.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ".jsonl");
        try
        {
            lock (_auditLock)
            {
                if (_auditPath != path)
                {
                    CloseAuditFile();
                    _auditFile = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
                    _auditPath = path;
                }

                // One write per entry, so that a reader never sees half a line.
                _auditFile!.Write(buffer.WrittenSpan);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            lock (_auditLock)
            {
                CloseAuditFile();
            }

            _options.Observer.SafeNotify(ex, static (o, e) => o.InboxFailed("audit", e));
        }
    }

    // Called under _auditLock, or once nothing writes any more.
    private void CloseAuditFile()
    {
        try
        {
            _auditFile?.Dispose();
        }
        catch (IOException)
        {
            // Nothing is buffered (writes go straight to the file), so nothing is lost.
        }

        _auditFile = null;
        _auditPath = null;
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

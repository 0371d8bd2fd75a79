using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace RefAssured.Sdk;

public sealed partial class FileRefAssuredInbox
{
    private readonly object _auditLock = new();

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
                lines = File.ReadAllLines(path);
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

        var path = Path.Combine(AuditDirectory, now.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ".jsonl");
        try
        {
            lock (_auditLock)
            {
                using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
                stream.Write(buffer.WrittenSpan);
                stream.WriteByte((byte)'\n');
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _options.Observer.SafeNotify(o => o.InboxFailed("audit", ex));
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

using System.Buffers.Binary;

namespace RefAssured.Sdk.Hosting;

/// <summary>
/// The on-disk form of inbox records. Each record is a 24-byte header — magic <c>RAIB</c>,
/// version, kind, payload length, a CRC-32C of the header and one of the payload — then the
/// payload. The header's own checksum lets recovery trust a length before reading that far, and
/// the magic lets it find the next record after a damaged one.
/// </summary>
internal static class RecordCodec
{
    public const int HeaderSize = 24;
    public const byte Version = 1;

    // Anything larger is taken for damage, not a record: bodies are limited well below this.
    public const int MaxPayloadLength = int.MaxValue - 1024;

    public static ReadOnlySpan<byte> Magic => "RAIB"u8;

    /// <summary>Builds the header for a payload made of <paramref name="prefix"/> followed by <paramref name="body"/>.</summary>
    public static void WriteHeader(Span<byte> header, RecordKind kind, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> body)
    {
        Magic.CopyTo(header);
        header[4] = Version;
        header[5] = (byte)kind;
        header[6] = 0;
        header[7] = 0;
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], checked(prefix.Length + body.Length));
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], Crc32C.Compute(header[..12]));
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], Crc32C.Append(Crc32C.Compute(prefix), body));
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], 0);
    }

    /// <summary>Checks a header: magic, version, checksum and a plausible length.</summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> header, out RecordKind kind, out int payloadLength, out uint payloadCrc)
    {
        kind = 0;
        payloadLength = 0;
        payloadCrc = 0;
        if (header.Length < HeaderSize || !header.StartsWith(Magic) || header[4] != Version ||
            BinaryPrimitives.ReadUInt32LittleEndian(header[12..]) != Crc32C.Compute(header[..12]))
        {
            return false;
        }

        kind = (RecordKind)header[5];
        payloadLength = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
        payloadCrc = BinaryPrimitives.ReadUInt32LittleEndian(header[16..]);
        return kind is >= RecordKind.Append and <= RecordKind.Snapshot && payloadLength is >= 0 and <= MaxPayloadLength;
    }

    /// <summary>Encodes the part of an append or snapshot record before the body.</summary>
    /// <remarks>A snapshot (<paramref name="snapshot"/> set) also holds the entry's state, attempt, retry, error and completed handlers.</remarks>
    public static byte[] EncodeDelivery(RefAssuredDelivery delivery, int bodyLength, DeliveryEntry? snapshot = null)
    {
        var writer = PayloadWriter.Start();
        writer.String(delivery.DeliveryId);
        writer.Byte((byte)delivery.EventType);
        writer.Time(delivery.ReceivedAt);
        writer.String(delivery.TraceParent);
        writer.Int32(delivery.RouteValues.Count);
        foreach (var (key, value) in delivery.RouteValues)
        {
            writer.String(key);
            writer.String(value);
        }

        if (snapshot is not null)
        {
            writer.Byte((byte)snapshot.State);
            writer.Int32(delivery.Attempt);
            writer.Time(snapshot.RetryAt);
            writer.Time(snapshot.DeadLetteredAt);
            writer.String(snapshot.LastError);
            writer.Strings(delivery.CompletedHandlers);
        }

        writer.Int32(bodyLength);
        return writer.ToArray();
    }

    public static byte[] EncodeFail(string id, int attempt, DateTimeOffset at, DateTimeOffset? retryAt, string error, IReadOnlySet<string> completedHandlers)
    {
        var writer = PayloadWriter.Start();
        writer.String(id);
        writer.Int32(attempt);
        writer.Time(at);
        writer.Time(retryAt);
        writer.String(error);
        writer.Strings(completedHandlers);
        return writer.ToArray();
    }

    /// <summary>Encodes complete, replay and purge records: the id and the time.</summary>
    public static byte[] EncodeMark(string id, DateTimeOffset at)
    {
        var writer = PayloadWriter.Start();
        writer.String(id);
        writer.Time(at);
        return writer.ToArray();
    }
}

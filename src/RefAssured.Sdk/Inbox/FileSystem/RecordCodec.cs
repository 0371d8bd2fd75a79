using System.Buffers;
using System.Buffers.Binary;
using System.Text;

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
    public static byte[] EncodeDelivery(InboxItem item, int bodyLength, bool snapshot)
    {
        var writer = PayloadWriter.Start();
        writer.String(item.Id);
        writer.Byte((byte)item.EventType);
        writer.Time(item.ReceivedAt);
        writer.String(item.TraceParent);
        writer.Int32(item.RouteValues.Count);
        foreach (var (key, value) in item.RouteValues)
        {
            writer.String(key);
            writer.String(value);
        }

        if (snapshot)
        {
            writer.Byte((byte)item.State);
            writer.Int32(item.Attempt);
            writer.Time(item.RetryAt);
            writer.Time(item.DeadLetteredAt);
            writer.String(item.LastError);
            writer.Strings(item.CompletedHandlers);
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

    /// <summary>
    /// A growable buffer with the few primitives records need, one per thread and reused: a
    /// record costs one array of its exact size.
    /// </summary>
    private sealed class PayloadWriter
    {
        [ThreadStatic]
        private static PayloadWriter? t_writer;

        private ArrayBufferWriter<byte> _buffer = new(256);

        public static PayloadWriter Start()
        {
            var writer = t_writer ??= new PayloadWriter();

            // A record with a long error message does not leave its large buffer behind.
            if (writer._buffer.Capacity > 64 * 1024)
            {
                writer._buffer = new ArrayBufferWriter<byte>(256);
            }

            writer._buffer.ResetWrittenCount();
            return writer;
        }

        public void Byte(byte value) => _buffer.Write([value]);

        public void Int32(int value)
        {
            BinaryPrimitives.WriteInt32LittleEndian(_buffer.GetSpan(4), value);
            _buffer.Advance(4);
        }

        public void Int64(long value)
        {
            BinaryPrimitives.WriteInt64LittleEndian(_buffer.GetSpan(8), value);
            _buffer.Advance(8);
        }

        // UTC ticks; 0 stands for no time.
        public void Time(DateTimeOffset? value) => Int64(value?.UtcTicks ?? 0);

        // Length-prefixed UTF-8; -1 stands for null.
        public void String(string? value)
        {
            if (value is null)
            {
                Int32(-1);
                return;
            }

            var length = Encoding.UTF8.GetByteCount(value);
            Int32(length);
            Encoding.UTF8.GetBytes(value, _buffer.GetSpan(length));
            _buffer.Advance(length);
        }

        public void Strings(IReadOnlyCollection<string> values)
        {
            Int32(values.Count);
            foreach (var value in values)
            {
                String(value);
            }
        }

        public byte[] ToArray() => _buffer.WrittenSpan.ToArray();
    }
}

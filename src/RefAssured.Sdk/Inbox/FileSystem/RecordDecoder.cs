using System.Buffers.Binary;
using System.Text;

namespace RefAssured.Sdk.Hosting;

/// <summary>Decodes record payloads written by <see cref="RecordCodec"/>; a payload that does not decode is damage.</summary>
internal static class RecordDecoder
{
    /// <summary>
    /// Decodes an append or snapshot payload into an entry without its body; the body is the
    /// payload's tail from <paramref name="bodyOffset"/>.
    /// </summary>
    public static DeliveryEntry DecodeDelivery(ReadOnlySpan<byte> payload, bool snapshot, out int bodyOffset, out int bodyLength) =>
        DecodeDelivery(payload, payload.Length, snapshot, out bodyOffset, out bodyLength);

    /// <summary>
    /// Decodes an append or snapshot payload of <paramref name="payloadLength"/> bytes of which
    /// <paramref name="payload"/> holds the start: at least every field before the body.
    /// </summary>
    public static DeliveryEntry DecodeDelivery(ReadOnlySpan<byte> payload, int payloadLength, bool snapshot, out int bodyOffset, out int bodyLength)
    {
        var reader = new PayloadReader(payload);
        var id = reader.String() ?? throw new FormatException("A delivery record has no id.");
        var eventType = (RefAssuredEventType)reader.Byte();
        if (!Enum.IsDefined(eventType))
        {
            throw new FormatException("A delivery record has an unknown event type.");
        }

        var receivedAt = reader.Time() ?? throw new FormatException("A delivery record has no received time.");
        var traceParent = reader.String();
        var routeCount = reader.Count();
        var routeValues = new Dictionary<string, string>(routeCount, StringComparer.Ordinal);
        for (var i = 0; i < routeCount; i++)
        {
            routeValues[reader.String() ?? string.Empty] = reader.String() ?? string.Empty;
        }

        var delivery = new RefAssuredDelivery(id, eventType, receivedAt, ReadOnlyMemory<byte>.Empty) { TraceParent = traceParent, RouteValues = routeValues };
        var entry = new DeliveryEntry(delivery);
        if (snapshot)
        {
            entry.State = (RefAssuredDeliveryState)reader.Byte();
            var attempt = reader.Int32();
            entry.RetryAt = reader.Time();
            entry.DeadLetteredAt = reader.Time();
            entry.LastError = reader.String();
            entry.Delivery = delivery with { Attempt = attempt, CompletedHandlers = reader.Strings() };
            if (!Enum.IsDefined(entry.State) || attempt < 1)
            {
                throw new FormatException("A snapshot record has an invalid state.");
            }
        }

        bodyLength = reader.Int32();
        bodyOffset = reader.Position;
        if (bodyLength < 0 || (long)bodyOffset + bodyLength != payloadLength)
        {
            throw new FormatException("A delivery record's body length does not match the record.");
        }

        return entry;
    }

    public static (string Id, int Attempt, DateTimeOffset At, DateTimeOffset? RetryAt, string Error, IReadOnlySet<string> CompletedHandlers) DecodeFail(ReadOnlySpan<byte> payload)
    {
        var reader = new PayloadReader(payload);
        var id = reader.String() ?? throw new FormatException("A fail record has no id.");
        var attempt = reader.Int32();
        var at = reader.Time() ?? throw new FormatException("A fail record has no time.");
        var retryAt = reader.Time();
        var error = reader.String() ?? string.Empty;
        var handlers = reader.Strings();
        reader.EnsureEnd();
        return (id, attempt, at, retryAt, error, handlers);
    }

    public static (string Id, DateTimeOffset At) DecodeMark(ReadOnlySpan<byte> payload)
    {
        var reader = new PayloadReader(payload);
        var id = reader.String() ?? throw new FormatException("A record has no id.");
        var at = reader.Time() ?? throw new FormatException("A record has no time.");
        reader.EnsureEnd();
        return (id, at);
    }

    private ref struct PayloadReader(ReadOnlySpan<byte> payload)
    {
        private readonly ReadOnlySpan<byte> _payload = payload;

        public int Position { get; private set; }

        public byte Byte() => Take(1)[0];

        public int Int32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

        public int Count()
        {
            var count = Int32();
            return count >= 0 && count <= _payload.Length - Position ? count : throw new FormatException("A record has an impossible count.");
        }

        public DateTimeOffset? Time()
        {
            var ticks = BinaryPrimitives.ReadInt64LittleEndian(Take(8));
            return ticks == 0 ? null
                : ticks is > 0 and <= 3155378975999999999 ? new DateTimeOffset(ticks, TimeSpan.Zero)
                : throw new FormatException("A record has an impossible time.");
        }

        public string? String()
        {
            var length = Int32();
            return length == -1 ? null
                : length >= 0 ? Encoding.UTF8.GetString(Take(length))
                : throw new FormatException("A record has an impossible text length.");
        }

        public HashSet<string> Strings()
        {
            var count = Count();
            var values = new HashSet<string>(count, StringComparer.Ordinal);
            for (var i = 0; i < count; i++)
            {
                values.Add(String() ?? string.Empty);
            }

            return values;
        }

        public readonly void EnsureEnd()
        {
            if (Position != _payload.Length)
            {
                throw new FormatException("A record is longer than its content.");
            }
        }

        private ReadOnlySpan<byte> Take(int length)
        {
            if (length < 0 || length > _payload.Length - Position)
            {
                throw new FormatException("A record ends early.");
            }

            var span = _payload.Slice(Position, length);
            Position += length;
            return span;
        }
    }
}

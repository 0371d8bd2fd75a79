using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace RefAssured.Sdk.Hosting;

/// <summary>
/// A growable buffer with the few primitives records need, one per thread and reused: a
/// record costs one array of its exact size.
/// </summary>
internal sealed class PayloadWriter
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

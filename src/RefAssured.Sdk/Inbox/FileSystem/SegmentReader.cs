using Microsoft.Win32.SafeHandles;

namespace RefAssured.Sdk.Hosting;

/// <summary>
/// Reads the records of one segment file by position, streaming: a segment of any size is read
/// a record at a time, and a record larger than <see cref="WholeRecordLimit"/> is checked in
/// chunks, only its first <see cref="PrefixWindow"/> bytes kept. Memory stays bounded by those
/// two sizes whatever the segment holds.
/// </summary>
internal sealed class SegmentReader(SafeFileHandle handle) : IDisposable
{
    /// <summary>Records up to this payload size are read whole; larger ones are streamed.</summary>
    public const int WholeRecordLimit = 4 * 1024 * 1024;

    /// <summary>How much of a streamed record's payload is kept: enough for every field before the body.</summary>
    public const int PrefixWindow = 1024 * 1024;

    private const int ChunkSize = 1024 * 1024;

    private byte[]? _chunk;

    /// <summary>Gets the segment's length in bytes.</summary>
    public long Length { get; } = RandomAccess.GetLength(handle);

    /// <summary>
    /// Reads a whole, valid record at <paramref name="position"/>: its header checks out, it ends
    /// within the segment and its payload matches its checksum.
    /// </summary>
    /// <param name="position">Where the record would start.</param>
    /// <param name="record">The record: its kind, payload length and payload, or only the payload's start when it is streamed.</param>
    /// <returns>Whether a valid record starts there.</returns>
    public bool TryRead(long position, out SegmentRecord record)
    {
        record = default;
        Span<byte> header = stackalloc byte[RecordCodec.HeaderSize];
        if (Length - position < RecordCodec.HeaderSize ||
            !ReadExactly(header, position) ||
            !RecordCodec.TryReadHeader(header, out var kind, out var length, out var crc) ||
            length > Length - position - RecordCodec.HeaderSize)
        {
            return false;
        }

        var payloadStart = position + RecordCodec.HeaderSize;
        var kept = new byte[length <= WholeRecordLimit ? length : PrefixWindow];
        if (!ReadExactly(kept, payloadStart))
        {
            return false;
        }

        var computed = Crc32C.Compute(kept);
        for (var offset = (long)kept.Length; offset < length;)
        {
            var chunk = _chunk ??= new byte[ChunkSize];
            var size = (int)Math.Min(chunk.Length, length - offset);
            if (!ReadExactly(chunk.AsSpan(0, size), payloadStart + offset))
            {
                return false;
            }

            computed = Crc32C.Append(computed, chunk.AsSpan(0, size));
            offset += size;
        }

        if (computed != crc)
        {
            return false;
        }

        record = new SegmentRecord(kind, length, kept);
        return true;
    }

    /// <summary>Finds the next position from <paramref name="from"/> where a valid record starts, or the segment's end.</summary>
    public long FindNext(long from)
    {
        var magic = RecordCodec.Magic;
        var window = new byte[ChunkSize];
        var position = from;
        while (position < Length)
        {
            var count = Read(window, position);
            var found = window.AsSpan(0, count).IndexOf(magic);
            if (found >= 0)
            {
                if (TryRead(position + found, out _))
                {
                    return position + found;
                }

                position += found + 1;
            }
            else if (position + count >= Length || count < magic.Length)
            {
                return Length;
            }
            else
            {
                // The magic may straddle the window's end: the next window starts just before it.
                position += count - (magic.Length - 1);
            }
        }

        return Length;
    }

    /// <summary>Reads <paramref name="buffer"/>'s length of bytes at <paramref name="position"/>; false at the segment's end.</summary>
    public bool ReadExactly(Span<byte> buffer, long position)
    {
        while (!buffer.IsEmpty)
        {
            var read = RandomAccess.Read(handle, buffer, position);
            if (read == 0)
            {
                return false;
            }

            buffer = buffer[read..];
            position += read;
        }

        return true;
    }

    /// <summary>Reads up to <paramref name="buffer"/>'s length at <paramref name="position"/>; returns how many were read.</summary>
    public int Read(Span<byte> buffer, long position)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = RandomAccess.Read(handle, buffer[total..], position + total);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    public void Dispose() => handle.Dispose();
}

/// <summary>A record read by <see cref="SegmentReader"/>.</summary>
/// <param name="Kind">The record's kind.</param>
/// <param name="PayloadLength">The payload's full length.</param>
/// <param name="Payload">The payload, or its first bytes when the record is streamed.</param>
internal readonly record struct SegmentRecord(RecordKind Kind, int PayloadLength, byte[] Payload)
{
    /// <summary>Gets the record's size in the segment, header included.</summary>
    public long Size => RecordCodec.HeaderSize + (long)PayloadLength;

    /// <summary>Gets whether <see cref="Payload"/> holds the whole payload.</summary>
    public bool IsWhole => Payload.Length == PayloadLength;
}

namespace RefAssured.Sdk.Hosting;

/// <summary>Reads the body of one append or snapshot record back from its segment, checking its checksum.</summary>
internal static class RecordBody
{
    /// <summary>Reads the body of the record at <paramref name="location"/> of the segment at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The record is damaged.</exception>
    /// <exception cref="IOException">The segment cannot be read.</exception>
    public static ReadOnlyMemory<byte> Read(string path, RecordLocation location)
    {
        using var reader = new SegmentReader(File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
        var header = new byte[RecordCodec.HeaderSize];
        if (!reader.ReadExactly(header, location.Offset) ||
            !RecordCodec.TryReadHeader(header, out var kind, out var length, out var crc) ||
            kind is not (RecordKind.Append or RecordKind.Snapshot))
        {
            throw Damaged(location, null);
        }

        var payload = GC.AllocateUninitializedArray<byte>(length);
        if (!reader.ReadExactly(payload, location.Offset + RecordCodec.HeaderSize) || Crc32C.Compute(payload) != crc)
        {
            throw Damaged(location, null);
        }

        try
        {
            RecordDecoder.DecodeDelivery(payload, kind == RecordKind.Snapshot, out var bodyOffset, out var bodyLength);
            return payload.AsMemory(bodyOffset, bodyLength);
        }
        catch (FormatException ex)
        {
            throw Damaged(location, ex);
        }
    }

    private static InvalidDataException Damaged(RecordLocation location, FormatException? cause) =>
        new($"The record at offset {location.Offset} of segment {location.Segment} is damaged{(cause is null ? "." : ": " + cause.Message)}", cause);
}

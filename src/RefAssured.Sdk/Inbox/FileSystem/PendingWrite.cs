namespace RefAssured.Sdk.Hosting;

/// <summary>A record queued on <see cref="SegmentLog"/>: its parts, its size and the task completed once it is on disk.</summary>
internal sealed class PendingWrite(byte[] header, byte[] prefix, ReadOnlyMemory<byte> body)
{
    public long Size { get; } = (long)header.Length + prefix.Length + body.Length;

    public TaskCompletionSource<RecordLocation> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public RecordLocation Location { get; set; }

    public IEnumerable<ReadOnlyMemory<byte>> Parts()
    {
        yield return header;
        yield return prefix;
        if (!body.IsEmpty)
        {
            yield return body;
        }
    }
}

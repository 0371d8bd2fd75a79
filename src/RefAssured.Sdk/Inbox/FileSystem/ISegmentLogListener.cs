namespace RefAssured.Sdk.Hosting;

/// <summary>What a <see cref="SegmentLog"/> tells its owner. Every call comes on the log's own thread, which must not wait long.</summary>
internal interface ISegmentLogListener
{
    /// <summary>Runs before each batch is written: what must reach its files before the batch's records does so now.</summary>
    void BeforeBatch();

    /// <summary>A batch holding posted records is written to <paramref name="segment"/>; it reaches the disk with the log's next flush.</summary>
    void PostedWritten(long segment);

    /// <summary><paramref name="count"/> posted records could not be written.</summary>
    void PostedFailed(Exception error, int count);
}

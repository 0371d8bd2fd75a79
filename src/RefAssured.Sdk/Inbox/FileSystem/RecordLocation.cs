namespace RefAssured.Sdk.Hosting;

/// <summary>Where a record starts: segment number and byte offset.</summary>
internal readonly record struct RecordLocation(long Segment, long Offset);

namespace RefAssured.Sdk.Hosting;

/// <summary>The kinds of record in an inbox log segment.</summary>
internal enum RecordKind : byte
{
    /// <summary>A delivery was accepted: its metadata and body.</summary>
    Append = 1,

    /// <summary>An attempt failed: retried later, or dead-lettered.</summary>
    Fail = 2,

    /// <summary>Every handler succeeded.</summary>
    Complete = 3,

    /// <summary>A dead letter was handed back to the worker.</summary>
    Replay = 4,

    /// <summary>A dead letter was deleted.</summary>
    Purge = 5,

    /// <summary>A delivery's whole state, rewritten from an older segment before that segment is removed.</summary>
    Snapshot = 6,
}

namespace RefAssured.Sdk.Hosting;

/// <summary>What the file inbox knows of one stored delivery that is not completed.</summary>
internal sealed class InboxItem
{
    public required string Id { get; init; }

    public required RefAssuredEventType EventType { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    public string? TraceParent { get; init; }

    public IReadOnlyDictionary<string, string> RouteValues { get; init; } = System.Collections.Frozen.FrozenDictionary<string, string>.Empty;

    public RefAssuredDeliveryState State { get; set; } = RefAssuredDeliveryState.Pending;

    /// <summary>The attempt last handed out (or to be handed out next, while pending).</summary>
    public int Attempt { get; set; } = 1;

    public DateTimeOffset? RetryAt { get; set; }

    public DateTimeOffset? DeadLetteredAt { get; set; }

    public string? LastError { get; set; }

    public IReadOnlySet<string> CompletedHandlers { get; set; } = System.Collections.Frozen.FrozenSet<string>.Empty;

    /// <summary>Where the record holding the body is: its segment and offset.</summary>
    public RecordLocation Location { get; set; }

    /// <summary>
    /// The body, kept in memory when small; a large body is kept only until its first hand-out,
    /// within the inbox's budget, and read back from the segment otherwise.
    /// </summary>
    public ReadOnlyMemory<byte>? Body { get; set; }

    /// <summary>
    /// The event as parsed on receipt, kept only while the body is in memory and only until the
    /// first hand-out, within the inbox's limit on how many it holds.
    /// </summary>
    public RefAssuredEvent? ParsedEvent { get; set; }

    public ITimer? Timer { get; set; }
}

/// <summary>Where a record starts: segment number and byte offset.</summary>
internal readonly record struct RecordLocation(long Segment, long Offset);

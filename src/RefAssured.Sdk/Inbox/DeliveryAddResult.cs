namespace RefAssured.Sdk.Hosting;

/// <summary>What <see cref="DeliveryScheduler.TryAdd"/> did.</summary>
internal enum DeliveryAddResult
{
    /// <summary>The entry was added.</summary>
    Added,

    /// <summary>An entry with the same id is stored already; nothing was added.</summary>
    Duplicate,

    /// <summary>The capacity is reached; nothing was added.</summary>
    Full,
}

namespace AspNetCoreReceiver;

/// <summary>The sample's own settings (configuration section <c>Sample</c>).</summary>
public sealed class SampleOptions
{
    /// <summary>Where reference reports are saved, relative to the working directory. Default <c>reports</c>.</summary>
    public string ReportsDirectory { get; set; } = "reports";

    /// <summary>Where the handlers record the deliveries they have handled, relative to the working directory. Default <c>handled</c>.</summary>
    public string HandledDirectory { get; set; } = "handled";

    /// <summary>
    /// How many handled deliveries the handlers remember (the newest ones). Default 100,000: far more
    /// than can be handled between two of the inbox's flushes, which is all a crash can bring back.
    /// </summary>
    public int HandledCapacity { get; set; } = 100_000;

    /// <summary>Whether the floor endpoints of the load benchmark are mapped. Default off.</summary>
    public bool LoadFloors { get; set; }
}

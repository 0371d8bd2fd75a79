namespace AspNetCoreReceiver;

/// <summary>The sample's own settings (configuration section <c>Sample</c>).</summary>
public sealed class SampleOptions
{
    /// <summary>Where reference reports are saved, relative to the working directory. Default <c>reports</c>.</summary>
    public string ReportsDirectory { get; set; } = "reports";

    /// <summary>Where the handlers record the deliveries they have handled, relative to the working directory. Default <c>handled</c>.</summary>
    public string HandledDirectory { get; set; } = "handled";

    /// <summary>Whether the floor endpoints of the load benchmark are mapped. Default off.</summary>
    public bool LoadFloors { get; set; }
}

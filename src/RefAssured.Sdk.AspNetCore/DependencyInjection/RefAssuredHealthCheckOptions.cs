using System.ComponentModel.DataAnnotations;

namespace RefAssured.Sdk.AspNetCore;

/// <summary>
/// When the RefAssured health check reports Degraded or Unhealthy. Each threshold is reached when
/// the value is at or above it; <see langword="null"/> turns that check off.
/// </summary>
public sealed class RefAssuredHealthCheckOptions
{
    /// <summary>Gets or sets the inbox depth (deliveries not yet handled) at which the check is Degraded. Default 1,000.</summary>
    [Range(1, int.MaxValue)]
    public int? DegradedDepth { get; set; } = 1_000;

    /// <summary>Gets or sets the inbox depth at which the check is Unhealthy. Default 5,000.</summary>
    [Range(1, int.MaxValue)]
    public int? UnhealthyDepth { get; set; } = 5_000;

    /// <summary>Gets or sets the age of the oldest delivery waiting at which the check is Degraded. Default 5 minutes.</summary>
    public TimeSpan? DegradedOldestAge { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets the age of the oldest delivery waiting at which the check is Unhealthy. Default 1 hour.</summary>
    public TimeSpan? UnhealthyOldestAge { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Gets or sets the number of dead letters at which the check is Degraded. Default 1: any dead letter needs a look.</summary>
    [Range(1, int.MaxValue)]
    public int? DegradedDeadLetters { get; set; } = 1;

    /// <summary>Gets or sets the number of dead letters at which the check is Unhealthy. Default <see langword="null"/> (off).</summary>
    [Range(1, int.MaxValue)]
    public int? UnhealthyDeadLetters { get; set; }
}

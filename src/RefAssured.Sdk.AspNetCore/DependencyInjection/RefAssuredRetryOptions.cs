using System.ComponentModel.DataAnnotations;

namespace RefAssured.Sdk.AspNetCore;

/// <summary>When a delivery whose handler failed is tried again; the settings of a <see cref="RefAssuredRetryPolicy"/>.</summary>
public sealed class RefAssuredRetryOptions
{
    /// <summary>Gets or sets the number of attempts in all, the first included, before dead-lettering. Default 8; 1 means no retry.</summary>
    [Range(1, 1000)]
    public int MaxAttempts { get; set; } = RefAssuredRetryPolicy.Default.MaxAttempts;

    /// <summary>Gets or sets the delay before the second attempt. Default 10 seconds.</summary>
    public TimeSpan InitialDelay { get; set; } = RefAssuredRetryPolicy.Default.InitialDelay;

    /// <summary>Gets or sets the factor each further delay is multiplied by. Default 2.</summary>
    [Range(1.0, 100.0)]
    public double BackoffFactor { get; set; } = RefAssuredRetryPolicy.Default.BackoffFactor;

    /// <summary>Gets or sets the longest delay between two attempts. Default 15 minutes.</summary>
    public TimeSpan MaxDelay { get; set; } = RefAssuredRetryPolicy.Default.MaxDelay;

    /// <summary>Gets or sets the fraction of each delay added or removed at random. Default 0.2.</summary>
    [Range(0.0, 1.0)]
    public double Jitter { get; set; } = RefAssuredRetryPolicy.Default.Jitter;

    internal RefAssuredRetryPolicy ToPolicy() => new()
    {
        MaxAttempts = MaxAttempts,
        InitialDelay = InitialDelay,
        BackoffFactor = BackoffFactor,
        MaxDelay = MaxDelay,
        Jitter = Jitter,
    };
}

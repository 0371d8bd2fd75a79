namespace RefAssured.Sdk.Hosting;

/// <summary>
/// When a failed delivery is tried again: exponential backoff with jitter, up to a number of
/// attempts, after which the delivery is dead-lettered. Permanent failures (a
/// <see cref="ReportContentException"/>, a <see cref="RefAssuredPermanentFailureException"/>, a body that
/// no longer parses) are dead-lettered at once.
/// </summary>
public sealed record RefAssuredRetryPolicy
{
    /// <summary>Gets the default policy: 8 attempts, 10 s doubling up to 15 min, ±20% jitter (about 40 minutes in all).</summary>
    public static RefAssuredRetryPolicy Default { get; } = new();

    /// <summary>Gets the number of attempts in all, the first included, before dead-lettering. Default 8; 1 means no retry.</summary>
    public int MaxAttempts { get; init; } = 8;

    /// <summary>Gets the delay before the second attempt. Default 10 seconds.</summary>
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets the factor each further delay is multiplied by. Default 2.</summary>
    public double BackoffFactor { get; init; } = 2;

    /// <summary>Gets the longest delay between two attempts. Default 15 minutes.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Gets the jitter, as a fraction of the delay added or removed at random, so retries of many deliveries spread out. Default 0.2.</summary>
    public double Jitter { get; init; } = 0.2;

    /// <summary>Computes the delay after a failed attempt, or <see langword="null"/> when no attempt is left.</summary>
    /// <param name="failedAttempt">The number of the attempt that failed, from 1.</param>
    /// <param name="random">The source of jitter; <see cref="Random.Shared"/> by default.</param>
    /// <returns>The delay before the next attempt, or <see langword="null"/> to dead-letter.</returns>
    public TimeSpan? GetRetryDelay(int failedAttempt, Random? random = null)
    {
        if (failedAttempt >= MaxAttempts)
        {
            return null;
        }

        var exponent = Math.Max(0, failedAttempt - 1);
        var delay = Math.Min(InitialDelay.TotalMilliseconds * Math.Pow(BackoffFactor, exponent), MaxDelay.TotalMilliseconds);
        var spread = ((random ?? Random.Shared).NextDouble() * 2) - 1;
        delay *= 1 + (Jitter * spread);
        return TimeSpan.FromMilliseconds(Math.Clamp(delay, 0, MaxDelay.TotalMilliseconds));
    }

    /// <summary>Checks the policy's values.</summary>
    /// <returns>Every problem found, in words; empty when the policy is valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (MaxAttempts < 1)
        {
            problems.Add($"{nameof(MaxAttempts)} must be at least 1 (was {MaxAttempts}).");
        }

        if (InitialDelay < TimeSpan.Zero || MaxDelay < TimeSpan.Zero)
        {
            problems.Add($"{nameof(InitialDelay)} and {nameof(MaxDelay)} cannot be negative.");
        }

        if (BackoffFactor < 1 || double.IsNaN(BackoffFactor))
        {
            problems.Add($"{nameof(BackoffFactor)} must be at least 1 (was {BackoffFactor}).");
        }

        if (Jitter is < 0 or > 1 || double.IsNaN(Jitter))
        {
            problems.Add($"{nameof(Jitter)} must be between 0 and 1 (was {Jitter}).");
        }

        return problems;
    }
}

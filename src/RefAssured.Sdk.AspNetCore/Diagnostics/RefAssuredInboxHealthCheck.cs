using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace RefAssured.Sdk.AspNetCore;

/// <summary>
/// Reports the inbox's depth, the age of its oldest waiting delivery and its dead letters, each
/// against the Degraded and Unhealthy thresholds of <see cref="RefAssuredHealthCheckOptions"/>.
/// </summary>
internal sealed class RefAssuredInboxHealthCheck(
    IServiceProvider services,
    IOptions<RefAssuredWebhookOptions> options,
    TimeProvider timeProvider) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (services.GetService(typeof(IRefAssuredInboxMonitor)) is not IRefAssuredInboxMonitor monitor)
        {
            return HealthCheckResult.Healthy("The registered inbox reports no statistics.");
        }

        RefAssuredInboxStatistics statistics;
        try
        {
            statistics = await monitor.GetStatisticsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Only the exception's type: a database driver's message may name the server and its user.
            return new HealthCheckResult(context.Registration?.FailureStatus ?? HealthStatus.Unhealthy, Unreachable(e));
        }

        var age = statistics.OldestWaitingReceivedAt is { } oldest ? timeProvider.GetUtcNow() - oldest : (TimeSpan?)null;
        if (age < TimeSpan.Zero)
        {
            age = TimeSpan.Zero;
        }

        var thresholds = options.Value.HealthCheck;
        var status = HealthStatus.Healthy;
        var reasons = new List<string>();
        Check(ref status, reasons, "The inbox depth", statistics.Depth, thresholds.DegradedDepth, thresholds.UnhealthyDepth);
        Check(ref status, reasons, "The age of the oldest waiting delivery", age, thresholds.DegradedOldestAge, thresholds.UnhealthyOldestAge);
        Check(ref status, reasons, "The number of dead letters", statistics.DeadLettered, thresholds.DegradedDeadLetters, thresholds.UnhealthyDeadLetters);

        var data = new Dictionary<string, object>
        {
            ["depth"] = statistics.Depth,
            ["pending"] = statistics.Pending,
            ["inFlight"] = statistics.InFlight,
            ["retryScheduled"] = statistics.RetryScheduled,
            ["deadLettered"] = statistics.DeadLettered,
            ["quarantined"] = statistics.Quarantined,
            ["oldestWaitingAgeSeconds"] = age is { } a ? Math.Round(a.TotalSeconds, 1) : 0.0,
        };
        var description = reasons.Count == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{statistics.Depth} deliveries waiting, {statistics.DeadLettered} dead letters.")
            : string.Join(" ", reasons);
        return new HealthCheckResult(status, description, data: data);
    }

    private static string Unreachable(Exception exception)
    {
        var cause = exception.InnerException is { } inner ? $"{exception.GetType().Name} ({inner.GetType().Name})" : exception.GetType().Name;
        return $"The inbox is unreachable: its statistics could not be read ({cause}).";
    }

    private static void Check<T>(ref HealthStatus status, List<string> reasons, string what, T? value, T? degraded, T? unhealthy)
        where T : struct, IComparable<T>
    {
        if (value is not { } v)
        {
            return;
        }

        if (unhealthy is { } u && v.CompareTo(u) >= 0)
        {
            status = HealthStatus.Unhealthy;
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"{what} ({v}) is at or above the Unhealthy threshold ({u})."));
        }
        else if (degraded is { } d && v.CompareTo(d) >= 0)
        {
            status = status == HealthStatus.Unhealthy ? status : HealthStatus.Degraded;
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"{what} ({v}) is at or above the Degraded threshold ({d})."));
        }
    }
}

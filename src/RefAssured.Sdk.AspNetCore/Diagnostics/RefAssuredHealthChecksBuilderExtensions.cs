using Microsoft.Extensions.Diagnostics.HealthChecks;
using RefAssured.Sdk.AspNetCore;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the RefAssured inbox health check.</summary>
public static class RefAssuredHealthChecksBuilderExtensions
{
    /// <summary>The default name of the check: <c>refassured</c>.</summary>
    public const string DefaultName = "refassured";

    /// <summary>
    /// Adds a check that reports the inbox's depth, the age of its oldest waiting delivery and its
    /// dead letters, Degraded or Unhealthy by the thresholds in <see cref="RefAssuredWebhookOptions.HealthCheck"/>
    /// (configuration <c>RefAssured:HealthCheck:…</c>). Requires <c>AddRefAssuredWebhooks</c>.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name. Default <see cref="DefaultName"/>.</param>
    /// <param name="failureStatus">The status reported when the statistics cannot be read. Default <see cref="HealthStatus.Unhealthy"/>.</param>
    /// <param name="tags">Tags to filter checks by; optional.</param>
    /// <returns>The health checks builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static IHealthChecksBuilder AddRefAssuredWebhooks(
        this IHealthChecksBuilder builder,
        string name = DefaultName,
        HealthStatus? failureStatus = null,
        IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new HealthCheckRegistration(
            name,
            services => ActivatorUtilities.CreateInstance<RefAssuredInboxHealthCheck>(services),
            failureStatus,
            tags));
    }
}

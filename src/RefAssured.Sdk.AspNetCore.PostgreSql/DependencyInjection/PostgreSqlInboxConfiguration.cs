using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using RefAssured.Sdk.PostgreSql;

namespace RefAssured.Sdk.AspNetCore.PostgreSql;

/// <summary>
/// Gives the PostgreSQL inbox what the application already configured for RefAssured: the
/// retention options, the logging observer, and the subsection <c>PostgreSql</c> of the bound
/// section (<c>RefAssured:PostgreSql:LeaseDuration</c>). Registered before any <c>configure</c>
/// of the application's, which so runs after it.
/// </summary>
internal sealed class PostgreSqlInboxConfiguration(
    IOptions<RefAssuredWebhookOptions> webhookOptions,
    RefAssuredWebhooksRegistry registry,
    RefAssuredLoggingObserver observer,
    IServiceProvider services) : IConfigureOptions<PostgreSqlRefAssuredInboxOptions>
{
    /// <summary>The subsection of the bound section read here.</summary>
    public const string SectionName = "PostgreSql";

    public void Configure(PostgreSqlRefAssuredInboxOptions options)
    {
        var webhooks = webhookOptions.Value;
        options.Retention = webhooks.InboxRetention;
        options.CompletedBodyRetention = webhooks.InboxCompletedBodyRetention;
        options.DeadLetterRetention = webhooks.InboxDeadLetterRetention;
        options.Observer = observer;
        if (registry.ResolveConfiguration(services)?.GetSection(SectionName) is not { } section)
        {
            return;
        }

        options.Schema = section[nameof(options.Schema)] ?? options.Schema;
        options.InstanceName = section[nameof(options.InstanceName)] ?? options.InstanceName;
        options.LeaseDuration = Duration(section, nameof(options.LeaseDuration)) ?? options.LeaseDuration;
        options.PollInterval = Duration(section, nameof(options.PollInterval)) ?? options.PollInterval;
    }

    // Read by hand rather than by the binder, which would try to bind the data source and the observer too.
    private static TimeSpan? Duration(IConfigurationSection section, string key)
    {
        if (section[key] is not { Length: > 0 } value)
        {
            return null;
        }

        return TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var duration)
            ? duration
            : throw new InvalidOperationException($"The value of the configuration key '{section.Path}:{key}' is not a duration such as 00:00:30 (was '{value}').");
    }
}

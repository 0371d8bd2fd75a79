using Microsoft.Extensions.Options;

namespace RefAssured.Sdk.AspNetCore;

/// <summary>
/// Checks what the declared ranges cannot: that some key is configured, that keys carry no stray
/// white space, and that thresholds are in order. Its failures join the generated validator's,
/// so start-up reports every problem at once.
/// </summary>
internal sealed class RefAssuredWebhookOptionsRules(RefAssuredWebhooksRegistry registry, IServiceProvider services) : IValidateOptions<RefAssuredWebhookOptions>
{
    private const long MinBodySize = 1024;

    // No array can be larger than this, and the pipeline holds a body in one array.
    private const long MaxBodySize = 0x7FFFFFC7;

    // Two of the file inbox's default segments: retention never removes the one being written.
    private static readonly long MinInboxSizeQuota = 2 * new FileRefAssuredInboxOptions().SegmentSize;

    public ValidateOptionsResult Validate(string? name, RefAssuredWebhookOptions options)
    {
        var failures = new List<string>();
        var keyName = registry.DescribeSetting(nameof(RefAssuredWebhookOptions.Key));
        var hasKey = !string.IsNullOrEmpty(options.Key) || options.AdditionalKeys.Any(k => !string.IsNullOrEmpty(k));
        if (!hasKey && services.GetService(typeof(IRefAssuredKeyResolver)) is null)
        {
            failures.Add(
                $"No RefAssured verification key is configured: set {keyName} or the environment variable " +
                $"{RefAssuredWebhookOptions.KeyEnvironmentVariable} to the key shown in RefAssured's webhook settings " +
                "(or register a key resolver with AddKeyResolver<T>()).");
        }

        CheckKey(failures, keyName, options.Key, allowEmpty: true);
        for (var i = 0; i < options.AdditionalKeys.Count; i++)
        {
            CheckKey(failures, registry.DescribeSetting($"{nameof(RefAssuredWebhookOptions.AdditionalKeys)}:{i}"), options.AdditionalKeys[i], allowEmpty: false);
        }

        CheckLimits(failures, options);
        var health = options.HealthCheck;
        CheckOrder(failures, "HealthCheck:DegradedDepth", health?.DegradedDepth, health?.UnhealthyDepth);
        CheckOrder(failures, "HealthCheck:DegradedOldestAge", health?.DegradedOldestAge, health?.UnhealthyOldestAge);
        CheckOrder(failures, "HealthCheck:DegradedDeadLetters", health?.DegradedDeadLetters, health?.UnhealthyDeadLetters);
        if (options.Retry is { } retry && retry.MaxDelay < retry.InitialDelay)
        {
            failures.Add($"The value of {registry.DescribeSetting("Retry:MaxDelay")} ({retry.MaxDelay}) must not be shorter than Retry:InitialDelay ({retry.InitialDelay}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // Ranges of sizes and durations are checked here: the declarative range over these types is not trimming-safe.
    private void CheckLimits(List<string> failures, RefAssuredWebhookOptions options)
    {
        if (options.MaxBodySize is < MinBodySize or > MaxBodySize)
        {
            failures.Add($"The value of {registry.DescribeSetting(nameof(options.MaxBodySize))} must be between {MinBodySize} and {MaxBodySize} bytes (was {options.MaxBodySize}).");
        }

        if (options.MaxBufferedBytes < options.MaxBodySize)
        {
            failures.Add($"The value of {registry.DescribeSetting(nameof(options.MaxBufferedBytes))} must be at least MaxBodySize ({options.MaxBodySize}), or no body of the largest size could be received (was {options.MaxBufferedBytes}).");
        }

        CheckDuration(failures, nameof(options.InboxRetention), options.InboxRetention, TimeSpan.FromSeconds(1));
        CheckDuration(failures, nameof(options.InboxCompletedBodyRetention), options.InboxCompletedBodyRetention, TimeSpan.Zero);
        CheckDuration(failures, nameof(options.InboxDeadLetterRetention), options.InboxDeadLetterRetention, TimeSpan.FromSeconds(1));
        CheckFileInbox(failures, options);
        CheckDuration(failures, nameof(options.ShutdownTimeout), options.ShutdownTimeout, TimeSpan.Zero);
        CheckDuration(failures, "Retry:InitialDelay", options.Retry?.InitialDelay, TimeSpan.Zero);
        CheckDuration(failures, "Retry:MaxDelay", options.Retry?.MaxDelay, TimeSpan.Zero);
        CheckDuration(failures, "HealthCheck:DegradedOldestAge", options.HealthCheck?.DegradedOldestAge, TimeSpan.Zero);
        CheckDuration(failures, "HealthCheck:UnhealthyOldestAge", options.HealthCheck?.UnhealthyOldestAge, TimeSpan.Zero);
    }

    // The directory and the quota are the file inbox's alone: another inbox ignores them.
    private void CheckFileInbox(List<string> failures, RefAssuredWebhookOptions options)
    {
        if (options.Inbox != RefAssuredInboxKind.File)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(options.InboxDirectory))
        {
            failures.Add($"The value of {registry.DescribeSetting(nameof(options.InboxDirectory))} is empty; the file inbox needs a directory.");
        }

        if (options.InboxSizeQuota < MinInboxSizeQuota)
        {
            failures.Add($"The value of {registry.DescribeSetting(nameof(options.InboxSizeQuota))} must be at least {MinInboxSizeQuota} bytes, two segments (was {options.InboxSizeQuota}).");
        }
    }

    private void CheckDuration(List<string> failures, string setting, TimeSpan? value, TimeSpan minimum)
    {
        if (value < minimum)
        {
            failures.Add($"The value of {registry.DescribeSetting(setting)} must be at least {minimum} (was {value}).");
        }
    }

    private static void CheckKey(List<string> failures, string setting, string? key, bool allowEmpty)
    {
        if (string.IsNullOrEmpty(key))
        {
            if (!allowEmpty)
            {
                failures.Add($"The value of {setting} is empty; remove it or set it to a key.");
            }

            return;
        }

        // RefAssured compares the key exactly (its troubleshooting table says so): a stray space is a mistake, never intended.
        if (key.Trim().Length != key.Length)
        {
            failures.Add($"The value of {setting} starts or ends with white space; RefAssured compares the key exactly, so remove it.");
        }
    }

    private void CheckOrder<T>(List<string> failures, string setting, T? degraded, T? unhealthy)
        where T : struct, IComparable<T>
    {
        if (degraded is { } d && unhealthy is { } u && d.CompareTo(u) > 0)
        {
            failures.Add($"The value of {registry.DescribeSetting(setting)} ({d}) must not be above the Unhealthy threshold ({u}).");
        }
    }
}

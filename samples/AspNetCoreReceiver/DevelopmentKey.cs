using RefAssured.Sdk.AspNetCore;

namespace AspNetCoreReceiver;

/// <summary>Lets the sample start in Development without a key, with one that is plainly not for production.</summary>
public static class DevelopmentKey
{
    /// <summary>The key used in Development when none is configured.</summary>
    public const string Value = "DEVELOPMENT-ONLY-refassured-sample-key";

    /// <summary>
    /// In Development only, when neither <c>RefAssured:Key</c> nor <c>REFASSURED_WEBHOOK_KEY</c> is
    /// set, configures <see cref="Value"/> and prints it. Elsewhere a missing key stops start-up.
    /// </summary>
    public static void UseDevelopmentKeyWhenNoneIsConfigured(this WebApplicationBuilder builder)
    {
        var configured = builder.Configuration["RefAssured:Key"]
            ?? builder.Configuration[RefAssuredWebhookOptions.KeyEnvironmentVariable]
            ?? Environment.GetEnvironmentVariable(RefAssuredWebhookOptions.KeyEnvironmentVariable);
        if (!builder.Environment.IsDevelopment() || !string.IsNullOrEmpty(configured))
        {
            return;
        }

        builder.Configuration["RefAssured:Key"] = Value;
        Console.WriteLine($"DEVELOPMENT ONLY: no RefAssured key is configured, so this sample accepts x-refassured-key: {Value}");
        Console.WriteLine($"Set RefAssured:Key or {RefAssuredWebhookOptions.KeyEnvironmentVariable} to the key from RefAssured's webhook settings.");
    }
}

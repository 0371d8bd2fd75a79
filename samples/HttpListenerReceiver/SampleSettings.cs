namespace HttpListenerReceiver;

/// <summary>The sample's settings, from its command line and environment.</summary>
internal sealed record SampleSettings(string Prefix, string ReportsDirectory, string InboxDirectory, string HandledDirectory)
{
    public const string DevelopmentKey = "DEVELOPMENT-ONLY-refassured-sample-key";
    public const string KeyVariable = "REFASSURED_WEBHOOK_KEY";

    public static SampleSettings Parse(string[] args)
    {
        string Option(string name, string fallback)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
        }

        var inbox = Option("--inbox", "refassured-inbox");
        return new SampleSettings(
            Option("--prefix", "http://127.0.0.1:5081/webhooks/refassured/"),
            Option("--reports", "reports"),
            inbox,
            Path.Combine(inbox, "handled"));
    }

    /// <summary>The key from the environment; in Development, a plainly marked development key when none is set.</summary>
    public static string? Key()
    {
        var key = Environment.GetEnvironmentVariable(KeyVariable);
        if (!string.IsNullOrEmpty(key))
        {
            return key;
        }

        if (!string.Equals(Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT"), "Development", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        Console.WriteLine($"DEVELOPMENT ONLY: {KeyVariable} is not set, so this sample accepts x-refassured-key: {DevelopmentKey}");
        return DevelopmentKey;
    }
}

using System.Globalization;

namespace RefAssured.Cli;

/// <summary>Reads a size such as <c>10MB</c>, <c>512KB</c>, <c>1.5MiB</c> or <c>2048</c> (bytes).</summary>
internal static class SizeParser
{
    private static readonly (string Suffix, long Factor)[] Units =
    [
        ("KIB", 1024), ("MIB", 1024 * 1024), ("GIB", 1024L * 1024 * 1024),
        ("KB", 1000), ("MB", 1000 * 1000), ("GB", 1000L * 1000 * 1000),
        ("K", 1024), ("M", 1024 * 1024), ("G", 1024L * 1024 * 1024), ("B", 1),
    ];

    /// <summary>The largest size accepted, 256 MiB, far beyond what a receiver accepts.</summary>
    public const int MaxSize = 256 << 20;

    public static int Parse(string text)
    {
        var trimmed = text.Trim().ToUpperInvariant();
        var factor = 1L;
        foreach (var (suffix, unit) in Units)
        {
            if (trimmed.EndsWith(suffix, StringComparison.Ordinal))
            {
                trimmed = trimmed[..^suffix.Length].TrimEnd();
                factor = unit;
                break;
            }
        }

        if (!double.TryParse(trimmed, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || value <= 0 || value * factor > MaxSize)
        {
            throw CliException.Usage($"Invalid size '{text}': give a positive size up to 256 MiB such as 10MB, 512KB or 40MiB.");
        }

        return (int)(value * factor);
    }
}

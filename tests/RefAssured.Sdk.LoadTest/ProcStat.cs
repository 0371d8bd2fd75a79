using System.Globalization;

namespace RefAssured.Sdk.LoadTest;

/// <summary>CPU times from Linux's /proc, in seconds.</summary>
internal static class ProcStat
{
    /// <summary>Fields of /proc/[pid]/stat (numbered as in proc(5)): user-mode time, kernel-mode time, and the user-mode time of waited-for children.</summary>
    public const int UserTime = 14, SystemTime = 15, ChildrenUserTime = 16;

    // USER_HZ, the unit of the CPU times in /proc: 100 on Linux.
    private const double TicksPerSecond = 100;

    /// <summary>One field of a /proc/[pid]/stat file.</summary>
    public static double Seconds(string statFile, int field)
    {
        // The process name (field 2) is in parentheses and may hold spaces; the fields after it start at 3.
        var text = File.ReadAllText(statFile);
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[field - 3], CultureInfo.InvariantCulture) / TicksPerSecond;
    }

    /// <summary>User-mode CPU seconds of all processes on the machine (the "cpu" line of /proc/stat: user and nice).</summary>
    public static double AllUserSeconds()
    {
        var fields = File.ReadLines("/proc/stat").First(line => line.StartsWith("cpu ", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (long.Parse(fields[1], CultureInfo.InvariantCulture) + long.Parse(fields[2], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }
}

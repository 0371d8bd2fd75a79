using System.Globalization;

namespace RefAssured.Sdk.Conformance;

/// <summary>What Linux's /proc tells about a process under hostile load: its memory, and the open-file limit.</summary>
internal static class HostileProcess
{
    /// <summary>Finds the process whose working directory is <paramref name="directory"/>: a sample started there by the test.</summary>
    /// <returns>Its id; fails the test when no process or several work there.</returns>
    public static int WorkingIn(string directory)
    {
        var wanted = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        var found = new List<int>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                continue;
            }

            try
            {
                if (new DirectoryInfo(Path.Combine(entry, "cwd")).LinkTarget is { } cwd && Path.TrimEndingDirectorySeparator(cwd) == wanted)
                {
                    found.Add(id);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Another user's process, or one that ended meanwhile.
            }
        }

        return Assert.Single(found);
    }

    /// <summary>The most memory the process has had resident (VmHWM), in MiB.</summary>
    public static long PeakRssMiB(int processId) => StatusKiB(processId, "VmHWM:") / 1024;

    /// <summary>The memory the process has resident now (VmRSS), in MiB.</summary>
    public static long RssMiB(int processId) => StatusKiB(processId, "VmRSS:") / 1024;

    /// <summary>The soft limit on open files of this process, which the samples it starts inherit.</summary>
    public static long OpenFileLimit()
    {
        var line = File.ReadLines("/proc/self/limits").Single(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        var soft = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        return soft == "unlimited" ? long.MaxValue : long.Parse(soft, CultureInfo.InvariantCulture);
    }

    private static long StatusKiB(int processId, string field) =>
        File.ReadLines($"/proc/{processId}/status")
            .Where(line => line.StartsWith(field, StringComparison.Ordinal))
            .Select(line => long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture))
            .Single();
}

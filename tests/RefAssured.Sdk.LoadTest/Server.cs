using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace RefAssured.Sdk.LoadTest;

/// <summary>
/// A receiver under load: <c>dotnet app.dll</c> started in a working directory of its own, its
/// output written to a log file by the shell (so that reading it costs the benchmark nothing),
/// stopped with SIGTERM like a service.
/// </summary>
internal sealed class Server
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly string _directory;
    private readonly string _log;

    private Server(string name, Process process, string directory, string log, string url)
    {
        Name = name;
        _process = process;
        _directory = directory;
        _log = log;
        Url = url;
    }

    public string Name { get; }

    /// <summary>The address requests go to: the root for ASP.NET Core, the prefix (ending in /) for HttpListener.</summary>
    public string Url { get; }

    /// <summary>Starts the app and waits until its log shows the address that <paramref name="listening"/> captures.</summary>
    public static async Task<Server> StartAsync(string name, string work, string app, IEnumerable<string> arguments, IDictionary<string, string> environment, Regex listening)
    {
        var directory = Directory.CreateDirectory(Path.Combine(work, name)).FullName;
        var log = Path.Combine(work, name + ".log");
        var start = new ProcessStartInfo("/bin/sh") { WorkingDirectory = directory, UseShellExecute = false };
        // The variables go through env(1): the shell would drop those whose names hold a dot.
        var variables = environment.Select(pair => $"{pair.Key}={pair.Value}");
        foreach (var argument in new[] { "-c", "exec env \"$@\" >\"$SERVER_LOG\" 2>&1", "sh" }.Concat(variables).Append("dotnet").Append(app).Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["SERVER_LOG"] = log;
        var process = Process.Start(start)!;
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < StartTimeout && !process.HasExited)
        {
            var match = File.Exists(log) ? listening.Match(await File.ReadAllTextAsync(log)) : Match.Empty;
            if (match.Success)
            {
                return new Server(name, process, directory, log, match.Groups[1].Value);
            }

            await Task.Delay(100);
        }

        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        throw new InvalidOperationException($"{name} did not start within {StartTimeout.TotalSeconds} s:\n{(File.Exists(log) ? await File.ReadAllTextAsync(log) : "(no output)")}");
    }

    /// <summary>A port on 127.0.0.1 that nobody listens on at the moment.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>User-mode CPU seconds the server has used (<c>/proc/[pid]/stat</c>, utime).</summary>
    public double UserCpuSeconds => ProcStat.Seconds($"/proc/{_process.Id}/stat", ProcStat.UserTime);

    /// <summary>The most memory the server has had resident, in MB (VmHWM).</summary>
    public int PeakRssMb => File.ReadLines($"/proc/{_process.Id}/status")
        .Where(line => line.StartsWith("VmHWM:", StringComparison.Ordinal))
        .Select(line => (int)(long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024))
        .Single();

    /// <summary>
    /// Waits until the server is idle (under 5% of a core over half a second), so that the backlog
    /// its handlers still work on after one measurement does not run during the next; false after a minute.
    /// </summary>
    public async Task<bool> WaitIdleAsync()
    {
        var waited = Stopwatch.StartNew();
        var before = UserCpuSeconds + SystemCpuSeconds;
        while (waited.Elapsed < TimeSpan.FromMinutes(1))
        {
            await Task.Delay(500);
            var now = UserCpuSeconds + SystemCpuSeconds;
            if (now - before < 0.025)
            {
                return true;
            }

            before = now;
        }

        return false;
    }

    /// <summary>
    /// Stops the server with SIGTERM (killed after 30 s) and deletes its directory; returns what went
    /// wrong, if anything, and its logged warnings and errors.
    /// </summary>
    public async Task<IReadOnlyList<string>> StopAsync(string problemsDirectory)
    {
        var notes = new List<string>();
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        if (!_process.WaitForExit(StopTimeout))
        {
            _process.Kill(entireProcessTree: true);
            notes.Add($"{Name}: did not stop within {StopTimeout.TotalSeconds} s of SIGTERM and was killed.");
        }
        else if (_process.ExitCode != 0)
        {
            notes.Add($"{Name}: exited with code {_process.ExitCode} after SIGTERM.");
        }

        // Warnings and errors with their indented continuation lines, kept next to the results.
        var problems = new List<string>();
        var entries = 0;
        var keep = false;
        foreach (var line in await File.ReadAllLinesAsync(_log))
        {
            var entry = line.StartsWith("warn:", StringComparison.Ordinal) || line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal);
            keep = entry || (keep && line.StartsWith(' '));
            entries += entry ? 1 : 0;
            if (keep)
            {
                problems.Add(line);
            }
        }

        if (entries > 0)
        {
            await File.WriteAllLinesAsync(Path.Combine(problemsDirectory, Name + "-problems.log"), problems);
            var first = problems.Take(1).Concat(problems.Skip(1).TakeWhile(line => line.StartsWith(' '))).Select(line => line.Trim());
            notes.Add($"{Name}: {entries} warning or error log entries (artifacts/load/{Name}-problems.log); the first: {string.Join(' ', first)}");
        }

        _process.Dispose();

        // Its files go, and what it left to write back reaches the disk before the next case starts.
        Directory.Delete(_directory, recursive: true);
        using (var sync = Process.Start("sync"))
        {
            await sync.WaitForExitAsync();
        }

        return notes;
    }

    private double SystemCpuSeconds => ProcStat.Seconds($"/proc/{_process.Id}/stat", ProcStat.SystemTime);
}

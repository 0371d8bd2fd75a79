using System.Collections.Concurrent;
using System.Diagnostics;

namespace RefAssured.Sdk.Testing;

/// <summary>
/// A sample receiver started as a process of its own (<c>dotnet sample.dll ...</c>), working in a
/// fresh temporary directory, so that what it writes there by default (its inbox, the reports it
/// saves) stays out of the repository and goes when the test ends. Collects what it writes to its
/// standard output and error.
/// </summary>
internal sealed class SampleProcess : IAsyncDisposable
{
    // Generous: the machine may be busy with builds and other tests.
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private SampleProcess(ProcessStartInfo start, string workingDirectory)
    {
        WorkingDirectory = workingDirectory;
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Collect(e.Data);
        _process.ErrorDataReceived += (_, e) => Collect(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string WorkingDirectory { get; }

    public string Output => string.Join('\n', _output);

    /// <summary>Gets the process id.</summary>
    public int Id => _process.Id;

    /// <summary>
    /// Starts <paramref name="assembly"/> with <paramref name="arguments"/>; the key variable
    /// REFASSURED_WEBHOOK_KEY is removed from the environment unless <paramref name="environment"/> sets it.
    /// </summary>
    public static SampleProcess Start(string assembly, IEnumerable<string> arguments, IDictionary<string, string?> environment) =>
        StartProgram("dotnet", [Path.GetFullPath(assembly), .. arguments], environment);

    /// <summary>Starts the program <paramref name="fileName"/> (a native executable, say) as <see cref="Start"/> starts an assembly.</summary>
    public static SampleProcess StartProgram(string fileName, IEnumerable<string> arguments, IDictionary<string, string?> environment)
    {
        var workingDirectory = Directory.CreateTempSubdirectory("refassured-sample-").FullName;
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("REFASSURED_WEBHOOK_KEY");
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return new SampleProcess(start, workingDirectory);
    }

    /// <summary>Waits until the sample has written <paramref name="text"/>; fails when it exits first or takes over two minutes.</summary>
    public async Task WaitForOutputAsync(string text)
    {
        var waited = Stopwatch.StartNew();
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            Assert.False(_process.HasExited && !Output.Contains(text, StringComparison.Ordinal), $"The sample exited before writing '{text}':\n{Output}");
            Assert.True(waited.Elapsed < Timeout, $"The sample did not write '{text}' within {Timeout.TotalSeconds} s. It wrote:\n{Output}");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Waits for Kestrel's "Now listening on: http://127.0.0.1:port" line and returns that address.</summary>
    public async Task<Uri> KestrelAddressAsync()
    {
        const string Listening = "Now listening on: ";
        await WaitForOutputAsync(Listening + "http://127.0.0.1:");
        var line = Output.Split('\n').First(line => line.Contains(Listening, StringComparison.Ordinal));
        return new Uri(line[(line.IndexOf(Listening, StringComparison.Ordinal) + Listening.Length)..].Trim());
    }

    /// <summary>Waits for the sample to exit by itself and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync()
    {
        await _process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(Timeout, TestContext.Current.CancellationToken);

        // Waits for the end of the redirected output too.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Sends SIGTERM, as a service manager stops a service, and returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.Equal(0, kill.ExitCode);
        }

        return await WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }

        _process.Dispose();
        Directory.Delete(WorkingDirectory, recursive: true);
    }

    private void Collect(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }
}

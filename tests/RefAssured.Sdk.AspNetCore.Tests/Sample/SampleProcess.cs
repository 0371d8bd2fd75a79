using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;

namespace RefAssured.Sdk.AspNetCore.Tests.Sample;

/// <summary>
/// The sample receiver (samples/AspNetCoreReceiver) started as a process of its own, built in the
/// configuration of this test run, bound to 127.0.0.1 on a free port, working in a fresh directory.
/// </summary>
internal sealed partial class SampleProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private SampleProcess(Process process, string workingDirectory)
    {
        _process = process;
        WorkingDirectory = workingDirectory;
        process.OutputDataReceived += (_, e) => Collect(e.Data);
        process.ErrorDataReceived += (_, e) => Collect(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string WorkingDirectory { get; }

    public string Output => string.Join('\n', _output);

    public Uri? BaseAddress { get; private set; }

    public static SampleProcess Start(string environment, IDictionary<string, string?> variables)
    {
        var assembly = typeof(SampleProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "SampleAssembly").Value!;
        var workingDirectory = Directory.CreateTempSubdirectory("refassured-sample-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Path.GetFullPath(assembly), "--contentRoot", Path.GetDirectoryName(Path.GetFullPath(assembly))!, "--urls", "http://127.0.0.1:0" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        start.Environment.Remove("REFASSURED_WEBHOOK_KEY");
        foreach (var (name, value) in variables)
        {
            start.Environment[name] = value;
        }

        return new SampleProcess(Process.Start(start)!, workingDirectory);
    }

    /// <summary>Waits for Kestrel's "Now listening on" line and returns the address.</summary>
    public async Task<Uri> WaitUntilListeningAsync()
    {
        await WaitForOutputAsync("Now listening on: http://127.0.0.1:");
        BaseAddress = new Uri(ListeningOn().Match(Output).Groups[1].Value);
        return BaseAddress;
    }

    public async Task WaitForOutputAsync(string text, int timeoutSeconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, $"The sample did not write '{text}' within {timeoutSeconds} s. It wrote:\n{Output}");
            Assert.False(_process.HasExited && !Output.Contains(text, StringComparison.Ordinal), $"The sample exited with {(_process.HasExited ? _process.ExitCode : 0)} before writing '{text}':\n{Output}");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    public async Task<int> WaitForExitAsync(int timeoutSeconds = 60)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(timeoutSeconds));
        await _process.WaitForExitAsync(timeout.Token);
        _process.WaitForExit();
        return _process.ExitCode;
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

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningOn();
}

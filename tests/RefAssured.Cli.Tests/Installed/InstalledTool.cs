using System.Diagnostics;

namespace RefAssured.Cli.Tests.Installed;

/// <summary>
/// The <c>refassured</c> tool installed as a user installs it, with <c>dotnet tool install</c>, from the
/// package build/pack wrote to artifacts/packages, into a tool path and package cache of this test
/// run's own (so that no earlier package of the same version is taken), and run as a process.
/// </summary>
internal static class InstalledTool
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);
    private static readonly Lazy<Task<string>> Installed = new(InstallAsync);

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>Runs the installed tool with <paramref name="arguments"/> and returns its exit code and output.</summary>
    public static async Task<ToolRun> RunAsync(params string[] arguments)
    {
        var executable = await Installed.Value;
        return await RunProcessAsync(executable, arguments, new Dictionary<string, string>());
    }

    private static async Task<string> InstallAsync()
    {
        var packages = Path.Combine(RepositoryRoot, "artifacts", "packages");
        var package = Directory.Exists(packages) ? Directory.GetFiles(packages, "RefAssured.Cli.*.nupkg") : [];
        if (package.Length == 0)
        {
            Assert.Skip($"No RefAssured.Cli package in {packages}: run build/pack (build/test does) before this test.");
        }

        var version = Path.GetFileNameWithoutExtension(Assert.Single(package))["RefAssured.Cli.".Length..];
        var root = Directory.CreateTempSubdirectory("refassured-tool-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(root, recursive: true);
        var toolPath = Path.Combine(root, "tools");
        var install = await RunProcessAsync(
            "dotnet",
            ["tool", "install", "RefAssured.Cli", "--version", version, "--tool-path", toolPath, "--configfile", Path.Combine(RepositoryRoot, "tests", "Consumer", "nuget.config")],
            new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(root, "nuget") });
        Assert.True(install.ExitCode == 0, $"dotnet tool install exited with {install.ExitCode}:\n{install.Output}\n{install.Error}");
        return Path.Combine(toolPath, OperatingSystem.IsWindows() ? "refassured.exe" : "refassured");
    }

    private static async Task<ToolRun> RunProcessAsync(string fileName, IEnumerable<string> arguments, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(fileName, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        try
        {
            await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(Timeout, TestContext.Current.CancellationToken);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{fileName} {string.Join(' ', arguments)} did not finish within {Timeout.TotalMinutes} minutes.");
        }

        return new ToolRun(process.ExitCode, await output, await error);
    }

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "RefAssured.Sdk.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The tests do not run inside the repository.");
    }
}

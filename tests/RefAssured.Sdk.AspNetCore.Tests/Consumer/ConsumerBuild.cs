using System.Diagnostics;

namespace RefAssured.Sdk.AspNetCore.Tests.Consumer;

/// <summary>
/// Builds the apps in tests/Consumer from the packages build/pack wrote to artifacts/packages
/// only, through their own nuget.config and a package cache of their own, exactly as a user's app
/// restores them from a feed.
/// </summary>
internal static class ConsumerBuild
{
    public static readonly string RepositoryRoot = FindRepositoryRoot();

    public static string Packages => Path.Combine(RepositoryRoot, "artifacts", "packages");

    public static string Output => Path.Combine(RepositoryRoot, "artifacts", "consumer");

    /// <summary>Returns the version of the packages build/pack wrote; skips the test when there are none.</summary>
    public static string PackedVersion()
    {
        const string Prefix = "RefAssured.Sdk.AspNetCore.";
        // A version follows the prefix: RefAssured.Sdk.AspNetCore.PostgreSql.0.1.0.nupkg is another package.
        var packages = Directory.Exists(Packages)
            ? Directory.GetFiles(Packages, Prefix + "*.nupkg").Where(p => char.IsAsciiDigit(Path.GetFileName(p)[Prefix.Length])).ToArray()
            : [];
        if (packages.Length == 0)
        {
            Assert.Skip($"No package in {Packages}: run build/pack (build/test does) before this test.");
        }

        return Path.GetFileNameWithoutExtension(Assert.Single(packages))[Prefix.Length..];
    }

    /// <summary>Publishes a consumer app into artifacts/consumer/<paramref name="name"/> and returns that folder.</summary>
    public static async Task<string> PublishAsync(string app, string name, string version, params string[] properties)
    {
        var output = Path.Combine(Output, name);
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }

        string[] arguments = ["publish", Path.Combine(RepositoryRoot, "tests", "Consumer", app), "-c", "Release", "-o", output, "-nologo", $"-p:RefAssuredVersion={version}", .. properties];
        await RunAsync("dotnet", arguments, new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(Output, "nuget") });
        return output;
    }

    /// <summary>Removes the consumer apps' package cache, so that the next restore takes the packages just packed.</summary>
    public static void ClearPackageCache()
    {
        var cache = Path.Combine(Output, "nuget");
        if (Directory.Exists(cache))
        {
            Directory.Delete(cache, recursive: true);
        }
    }

    /// <summary>The C compiler and linker NativeAOT should use: <c>clang</c> when installed under that name, else Debian's <c>clang-14</c>.</summary>
    public static string[] NativeToolchain() =>
        File.Exists("/usr/bin/clang") || !File.Exists("/usr/bin/clang-14") ? [] : ["-p:CppCompilerAndLinker=clang-14"];

    private static async Task RunAsync(string fileName, string[] arguments, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(fileName, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0, $"{fileName} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await output}\n{await error}");
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

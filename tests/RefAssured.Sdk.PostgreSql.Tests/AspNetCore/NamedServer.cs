using System.Diagnostics;

namespace RefAssured.Sdk.PostgreSql.Tests.AspNetCore;

/// <summary>
/// A PostgreSQL server of its own, started with <c>build/postgres start NAME</c>, for a test that
/// stops and starts it again (<c>halt</c> keeps its data and port, <c>resume</c> starts it on the
/// same port); removed with <c>stop</c> when disposed. Skips (or fails) the test as the database
/// fixture does when no test server is configured, since build/test is what provides one.
/// </summary>
internal sealed class NamedServer : IAsyncDisposable
{
    private readonly string _name;

    private NamedServer(string name, string connectionString)
    {
        _name = name;
        ConnectionString = connectionString;
    }

    /// <summary>Gets the connection string of the server's <c>postgres</c> database.</summary>
    public string ConnectionString { get; }

    public static async Task<NamedServer> StartAsync(string name)
    {
        // Reading it skips the test when no server is configured, like every PostgreSQL test.
        _ = new Infrastructure.PostgresDatabase().ServerConnectionString;
        var output = await RunAsync("start", name);
        var connectionString = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Last(line => line.StartsWith("Host=", StringComparison.Ordinal));
        return new NamedServer(name, connectionString);
    }

    public Task HaltAsync() => RunAsync("halt", _name);

    public Task ResumeAsync() => RunAsync("resume", _name);

    public async ValueTask DisposeAsync() => await RunAsync("stop", _name);

    private static async Task<string> RunAsync(string command, string name)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(RepositoryRoot(), "build", "postgres"), command, name])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(3), CancellationToken.None);
        Assert.True(process.ExitCode == 0, $"build/postgres {command} {name} failed ({process.ExitCode}): {await output}{await error}");
        return await output;
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "RefAssured.Sdk.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("RefAssured.Sdk.sln not found above " + AppContext.BaseDirectory);
    }
}

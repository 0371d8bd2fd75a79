using System.Diagnostics;

namespace RefAssured.Sdk.PostgreSql.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL server of a test's own, run by build/postgres under a name, for a test that stops
/// and restarts it (<see cref="HaltAsync"/>, <see cref="ResumeAsync"/>) without disturbing the
/// server the other tests share. Disposing it stops it and removes its data.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private PostgresServer(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
    }

    /// <summary>Gets the name build/postgres knows the server by.</summary>
    public string Name { get; }

    /// <summary>Gets the connection string of the server's <c>postgres</c> database.</summary>
    public string ConnectionString { get; }

    /// <summary>Starts a new server under <paramref name="name"/> (one already running under it is replaced).</summary>
    /// <param name="name">Letters, digits, '-' and '_'.</param>
    /// <returns>The running server.</returns>
    public static async Task<PostgresServer> StartAsync(string name)
    {
        var output = await RunAsync("start", name);
        return new PostgresServer(name, output.Trim().Split('\n')[^1]);
    }

    /// <summary>Stops the server, keeping its data and port.</summary>
    public Task HaltAsync() => RunAsync("halt", Name);

    /// <summary>Starts the halted server again, on the same port.</summary>
    public Task ResumeAsync() => RunAsync("resume", Name);

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await RunAsync("stop", Name);

    /// <summary>Finds the repository's root, where build/ is, above the test assembly.</summary>
    /// <returns>The root's full path.</returns>
    public static string RepositoryRoot()
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

    private static async Task<string> RunAsync(string command, string name)
    {
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = RepositoryRoot(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("build/postgres");
        start.ArgumentList.Add(command);
        start.ArgumentList.Add(name);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"build/postgres {command} {name} failed ({process.ExitCode}): {await error}");
        }

        return await output;
    }
}

using System.Diagnostics;

namespace RefAssured.Sdk.PostgreSql.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL server of a test's own, run by build/postgres under a name, for a test that stops
/// and restarts it (<see cref="HaltAsync"/>, <see cref="ResumeAsync"/>) without disturbing the
/// server the other tests share. Disposing it stops it and removes its data. Skips (or fails) the
/// test as <see cref="PostgresDatabase"/> does when no test server is configured, since build/test
/// is what provides one.
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
        // Reading it skips the test when no server is configured, like every PostgreSQL test.
        _ = new PostgresDatabase().ServerConnectionString;
        var output = await RunAsync("start", name);
        var connectionString = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Last(line => line.StartsWith("Host=", StringComparison.Ordinal));
        return new PostgresServer(name, connectionString);
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
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(3), CancellationToken.None);
        Assert.True(process.ExitCode == 0, $"build/postgres {command} {name} failed ({process.ExitCode}): {await output}{await error}");
        return await output;
    }
}

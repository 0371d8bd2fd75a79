using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace RefAssured.Cli.Tests;

/// <summary>The tool as a process, stopped by SIGTERM while it waits for an endpoint that never answers.</summary>
[Trait("Category", "Integration")]
public sealed class CancellationTests
{
    [Fact]
    public async Task Send_StoppedBySigterm_PrintsCancelledAndExits130WithoutStackTrace()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "SIGTERM is sent with kill, which Windows does not have.");
        var cancellationToken = TestContext.Current.CancellationToken;
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var tool = Path.Combine(AppContext.BaseDirectory, "RefAssured.Cli.dll");
        var start = new ProcessStartInfo("dotnet", [tool, "send", "candidate-optin", "--url", $"http://127.0.0.1:{port}/webhooks/refassured", "--key", "k", "--timeout", "600"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            // Accepted and never answered: the tool is waiting for its answer when the signal comes.
            using var connection = await listener.AcceptSocketAsync(cancellationToken).AsTask().WaitAsync(TimeSpan.FromMinutes(2), cancellationToken);
            using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromMinutes(2), cancellationToken);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        var errorText = await error;
        Assert.Equal(130, process.ExitCode);
        Assert.Contains("Cancelled.", errorText, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", errorText + await output, StringComparison.Ordinal);
    }
}

namespace RefAssured.Cli.Tests;

/// <summary>Runs the tool's entry point in-process and keeps what it printed.</summary>
internal sealed record ToolRun(int ExitCode, string Output, string Error)
{
    public static async Task<ToolRun> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await CliApp.RunAsync(args, output, error, TestContext.Current.CancellationToken);
        return new ToolRun(exitCode, output.ToString(), error.ToString());
    }
}

namespace RefAssured.Cli.Tests;

/// <summary>Runs the tool's entry point in-process and keeps what it printed.</summary>
internal sealed record ToolRun(int ExitCode, string Output, string Error)
{
    /// <summary>Runs the tool as a script would: with no terminal to ask questions on.</summary>
    public static Task<ToolRun> RunAsync(params string[] args) =>
        RunAsync(new Terminal(isInteractive: false, TextReader.Null), args);

    /// <summary>Runs the tool at a terminal where the user types <paramref name="answers"/>.</summary>
    public static Task<ToolRun> AtTerminalAsync(string answers, params string[] args) =>
        RunAsync(new Terminal(isInteractive: true, new StringReader(answers)), args);

    private static async Task<ToolRun> RunAsync(Terminal terminal, string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await CliApp.RunAsync(args, output, error, TestContext.Current.CancellationToken, terminal);
        return new ToolRun(exitCode, output.ToString(), error.ToString());
    }
}

namespace RefAssured.Cli;

/// <summary>Where a command asks a question: a terminal it can read answers from, or none (input redirected, as in a script).</summary>
internal sealed class Terminal(bool isInteractive, TextReader input)
{
    public bool IsInteractive { get; } = isInteractive;

    /// <summary>Gets the process's console: a terminal unless standard input is redirected.</summary>
    public static Terminal FromConsole() => new(!Console.IsInputRedirected, Console.In);

    /// <summary>Asks a yes/no question on <paramref name="output"/>'s error writer; only "y" or "yes" is a yes.</summary>
    public bool Confirm(CliOutput output, string question)
    {
        output.Prompt(question + " [y/N] ");
        var answer = input.ReadLine()?.Trim();
        return string.Equals(answer, "y", StringComparison.OrdinalIgnoreCase) || string.Equals(answer, "yes", StringComparison.OrdinalIgnoreCase);
    }
}

namespace RefAssured.Cli;

/// <summary>Where a command prints: its results to one writer, errors and progress to the other.</summary>
internal sealed class CliOutput(TextWriter output, TextWriter error)
{
    public void Out(string line) => output.WriteLine(line);

    public void Error(string line) => error.WriteLine(line);

    public void Progress(string line) => error.WriteLine(line);

    /// <summary>Writes a question without ending the line, so that the answer is typed after it.</summary>
    public void Prompt(string text)
    {
        error.Write(text);
        error.Flush();
    }
}

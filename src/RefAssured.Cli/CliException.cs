namespace RefAssured.Cli;

/// <summary>
/// A user-facing error: its message is printed as one line, without a stack trace, and the process
/// ends with <see cref="ExitCode"/> (2 for a usage error, 1 for a failure).
/// </summary>
internal sealed class CliException(string message, int exitCode) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    public static CliException Usage(string message) => new(message, ExitCodes.Usage);

    public static CliException Failure(string message) => new(message, ExitCodes.Failure);
}

/// <summary>The process exit codes of every command.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int Usage = 2;

    /// <summary>Cancelled by Ctrl+C or SIGTERM, as shells report a process ended by SIGINT.</summary>
    public const int Cancelled = 130;
}

namespace RefAssured.Sdk.Hosting;

/// <summary>
/// The exclusive hold an open file inbox keeps on its directory: the file <c>inbox.lock</c> in it,
/// open with no sharing (on Unix .NET takes an advisory <c>flock</c> on it). A second open of the
/// same directory, from this process or another, fails at once instead of two owners writing one
/// log. The operating system releases the lock when the process ends, however it ends.
/// </summary>
internal sealed class InboxLock : IDisposable
{
    /// <summary>The lock file's name in the inbox directory.</summary>
    public const string FileName = "inbox.lock";

    private readonly FileStream _file;

    private InboxLock(FileStream file) => _file = file;

    /// <summary>Takes the lock on <paramref name="directory"/>, which exists.</summary>
    /// <exception cref="RefAssuredInboxUnavailableException">Another process or inbox instance holds it; its inner exception is an <see cref="InboxInUseException"/>.</exception>
    public static InboxLock Acquire(string directory)
    {
        try
        {
            return new InboxLock(PrivateFiles.OpenStream(Path.Combine(directory, FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException ex) when (IsHeldElsewhere(ex))
        {
            // The path is in the inner exception only, as for every other inbox error.
            throw new RefAssuredInboxUnavailableException(
                "The inbox directory is in use: another process or another inbox instance has it open. One inbox instance owns a directory; dispose it, or stop the process that has it open, first.",
                new InboxInUseException(ex));
        }
    }

    public void Dispose() => _file.Dispose();

    // A sharing or lock violation on Windows; EWOULDBLOCK from flock on Unix (11 on Linux, 35 on macOS and the BSDs).
    private static bool IsHeldElsewhere(IOException exception)
    {
        if (exception is FileNotFoundException or DirectoryNotFoundException or PathTooLongException)
        {
            return false;
        }

        var code = exception.HResult;
        return OperatingSystem.IsWindows()
            ? (code & 0xFFFF) is 32 or 33
            : code == (OperatingSystem.IsLinux() ? 11 : 35);
    }
}

/// <summary>
/// The cause of the error <see cref="InboxLock.Acquire"/> throws when another holder has the lock, so
/// that a caller can tell an inbox in use from one that cannot be opened for another reason.
/// </summary>
internal sealed class InboxInUseException(IOException cause) : IOException(cause.Message, cause);

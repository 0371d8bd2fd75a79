using Microsoft.Win32.SafeHandles;

namespace RefAssured.Sdk.Hosting;

/// <summary>
/// Creates the inbox's directories and files readable by their owner only: on Unix directories
/// get mode 0700 and files 0600 when they are created, whatever the umask. On Windows the modes
/// do not apply and the directory's inherited access rules decide.
/// </summary>
internal static class PrivateFiles
{
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// Creates a directory with mode 0700, or tightens an existing one to 0700. Missing parents
    /// are created too, with the system's default mode: they are not the inbox's.
    /// </summary>
    public static string CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return Directory.CreateDirectory(path).FullName;
        }

        var directory = Directory.CreateDirectory(path, DirectoryMode);
        Tighten(directory.FullName, DirectoryMode);
        return directory.FullName;
    }

    /// <summary>Opens a file like <see cref="File.OpenHandle"/>; a file it creates has mode 0600.</summary>
    public static SafeFileHandle OpenHandle(string path, System.IO.FileMode mode, FileAccess access, FileShare share)
    {
        var options = new FileStreamOptions { Mode = mode, Access = access, Share = share, BufferSize = 0 };
        if (!OperatingSystem.IsWindows() && mode != System.IO.FileMode.Open && mode != System.IO.FileMode.Truncate)
        {
            options.UnixCreateMode = FileMode;
        }

        // Unbuffered, the stream is only a way to pass the creation mode: the handle outlives it.
        var stream = new FileStream(path, options);
        return stream.SafeFileHandle;
    }

    /// <summary>Opens a stream like <see cref="FileStream"/>'s constructor; a file it creates has mode 0600.</summary>
    public static FileStream OpenStream(string path, System.IO.FileMode mode, FileAccess access, FileShare share = FileShare.Read)
    {
        var options = new FileStreamOptions { Mode = mode, Access = access, Share = share };
        if (!OperatingSystem.IsWindows() && mode != System.IO.FileMode.Open && mode != System.IO.FileMode.Truncate)
        {
            options.UnixCreateMode = FileMode;
        }

        return new FileStream(path, options);
    }

    /// <summary>
    /// Takes group and other permissions away from every directory and file under
    /// <paramref name="root"/> (the inbox owns them all), for an inbox whose files were created
    /// with wider modes.
    /// </summary>
    public static void TightenTree(string root)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        Tighten(root, DirectoryMode);
        foreach (var directory in Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories))
        {
            Tighten(directory, DirectoryMode);
        }

        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            Tighten(file, FileMode);
        }
    }

    private static void Tighten(string path, UnixFileMode mode)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        const UnixFileMode Others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
            UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        if ((File.GetUnixFileMode(path) & Others) != 0)
        {
            File.SetUnixFileMode(path, mode);
        }
    }
}

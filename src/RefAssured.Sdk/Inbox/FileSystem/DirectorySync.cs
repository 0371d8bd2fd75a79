using System.Runtime.InteropServices;

namespace RefAssured.Sdk.Hosting;

/// <summary>
/// Flushes a directory's entries to disk, so that a file created or renamed in it survives a
/// crash (POSIX systems need an <c>fsync</c> of the directory for that; Windows does not).
/// </summary>
internal static class DirectorySync
{
    private const int ReadOnly = 0;

    public static void Flush(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var path = System.Text.Encoding.UTF8.GetBytes(directory + "\0");
        var descriptor = Open(path, ReadOnly);
        if (descriptor < 0)
        {
            return;
        }

        try
        {
            _ = Fsync(descriptor);
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open(byte[] nullTerminatedPath, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int Fsync(int descriptor);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int descriptor);
}

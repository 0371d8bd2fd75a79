using System.Runtime.InteropServices;
using System.Text;

namespace RefAssured.Sdk;

/// <summary>
/// Moves a file to a new name in the same directory only if no file has that name, in one atomic
/// step, so that two writers can never both take one name. <see cref="File.Move(string, string, bool)"/>
/// does not promise that on Unix: it checks the name, then renames over whatever appeared since.
/// </summary>
internal static class NoReplaceMove
{
    private const int AlreadyExists = 17; // EEXIST, the same on Linux and macOS.

    /// <summary>Moves <paramref name="source"/> to <paramref name="destination"/> unless that name is taken.</summary>
    /// <returns><see langword="false"/> when <paramref name="destination"/> exists; the source is then left as it was.</returns>
    /// <exception cref="IOException">The move failed for another reason.</exception>
    public static bool TryMove(string source, string destination)
    {
        if (OperatingSystem.IsWindows())
        {
            // MoveFileEx without MOVEFILE_REPLACE_EXISTING fails atomically when the name is taken.
            return TryMoveOrDetectTaken(source, destination, overwrite: false);
        }

        // A hard link is created only if the name is free; then the temporary name is removed.
        if (Link(Encode(source), Encode(destination)) == 0)
        {
            File.Delete(source);
            return true;
        }

        var error = Marshal.GetLastPInvokeError();
        if (error == AlreadyExists)
        {
            return false;
        }

        // A file system without hard links: take the name with create-new semantics, which is
        // atomic everywhere, then rename the file over that empty placeholder.
        try
        {
            new FileStream(destination, FileMode.CreateNew, FileAccess.Write, FileShare.None).Dispose();
        }
        catch (IOException) when (Path.Exists(destination))
        {
            return false;
        }

        return TryMoveOrDetectTaken(source, destination, overwrite: true);
    }

    private static bool TryMoveOrDetectTaken(string source, string destination, bool overwrite)
    {
        try
        {
            File.Move(source, destination, overwrite);
            return true;
        }
        catch (IOException) when (!overwrite && Path.Exists(destination))
        {
            return false;
        }
    }

    private static byte[] Encode(string path) => Encoding.UTF8.GetBytes(path + "\0");

    [DllImport("libc", EntryPoint = "link", SetLastError = true)]
    private static extern int Link(byte[] existingPath, byte[] newPath);
}

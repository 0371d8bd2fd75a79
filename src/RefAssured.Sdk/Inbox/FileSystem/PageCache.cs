using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace RefAssured.Sdk.Hosting;

/// <summary>
/// Tells the operating system that bytes already flushed to disk will not be read again soon, so
/// that it can drop them from its file cache (Linux; elsewhere a no-op). The log is written once
/// and read back rarely; without this every segment written stays cached, and the cache keeps
/// taking fresh memory instead of reusing the pages it just wrote out.
/// </summary>
internal static class PageCache
{
    private const int DontNeed = 4; // POSIX_FADV_DONTNEED on Linux

    private static volatile bool s_unavailable = !OperatingSystem.IsLinux();

    /// <summary>Gets the unit that <see cref="Drop"/> works in: a range is dropped in whole pages only.</summary>
    public const int PageSize = 4096;

    /// <summary>
    /// Drops the cached pages of <paramref name="length"/> bytes from <paramref name="offset"/>;
    /// they must be on disk. Never throws: this is advice, and a refusal changes nothing that matters.
    /// </summary>
    public static void Drop(SafeFileHandle file, long offset, long length)
    {
        if (s_unavailable || length <= 0)
        {
            return;
        }

        try
        {
            _ = PosixFadvise(file, offset, length, DontNeed);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or ObjectDisposedException)
        {
            // A C library without the call: stop asking. A closed file: nothing left to drop.
            s_unavailable |= ex is not ObjectDisposedException;
        }
    }

    [DllImport("libc", EntryPoint = "posix_fadvise")]
    private static extern int PosixFadvise(SafeFileHandle descriptor, long offset, long length, int advice);
}

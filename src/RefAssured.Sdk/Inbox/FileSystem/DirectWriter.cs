using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace RefAssured.Sdk.Hosting;

/// <summary>
/// Writes large runs of bytes to a file past the operating system's file cache (Linux
/// <c>O_DIRECT</c>), through an aligned buffer of its own. A write through the cache first copies
/// every byte into cache pages that the kernel must then track, write back and free: writing
/// 14 MB at a time with a flush after each took over ten times the processor time per byte of
/// writing it directly on the test machine, at less than half the speed.
/// </summary>
/// <remarks>
/// Only whole aligned blocks go directly; the unaligned bytes before and after them go through
/// the cache, in pages the direct blocks never share, so the kernel keeps the two consistent.
/// A direct write does not make the data durable by itself: the caller's <c>fsync</c> still
/// does, exactly as for cached writes. Where direct writes are not possible (other systems, file
/// systems that refuse them), every byte goes through the cache, as it would without this class;
/// any other failure of a direct write sends that write's bytes through the cache, which then
/// reports a real disk error itself.
/// </remarks>
internal sealed class DirectWriter : IDisposable
{
    /// <summary>Gets the alignment of the direct blocks' file offsets, lengths and memory.</summary>
    public const int Alignment = 4096;

    /// <summary>Gets the size from which a run of bytes is worth writing directly.</summary>
    public const int Threshold = 1024 * 1024;

    private const int GetFlags = 3; // F_GETFL
    private const int SetFlags = 4; // F_SETFL
    private const int InvalidArgument = 22; // EINVAL, as .NET reports it in IOException.HResult

    // O_DIRECT differs between architectures; where its value is not known here, the cache is used.
    private static readonly int s_directFlag = !OperatingSystem.IsLinux() ? 0 : RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 or Architecture.X86 => 0x4000,
        Architecture.Arm64 or Architecture.Arm => 0x10000,
        _ => 0,
    };

    private AlignedBuffer? _buffer;
    private SafeFileHandle? _handle;
    private string? _path;
    private bool _unavailable = s_directFlag == 0;

    /// <summary>Gets whether this system may take direct writes at all.</summary>
    public static bool IsSupported => s_directFlag != 0;

    /// <summary>
    /// Turns direct writes on or off for every later write through <paramref name="file"/>, which
    /// must be a handle nobody else writes through. Never throws.
    /// </summary>
    /// <returns><see langword="false"/> when refused: the handle then writes as before.</returns>
    public static bool TrySetDirect(SafeFileHandle file, bool direct)
    {
        if (!IsSupported)
        {
            return false;
        }

        try
        {
            var flags = Fcntl(file, GetFlags, 0);
            return flags >= 0 && Fcntl(file, SetFlags, direct ? flags | s_directFlag : flags & ~s_directFlag) >= 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>Gets whether direct writes are off for good: unsupported here, or refused by the file system.</summary>
    public bool Unavailable => _unavailable;

    /// <summary>Gets why the last direct write, or the opening of a file for them, failed; <see langword="null"/> when none did.</summary>
    public string? Refusal { get; private set; }

    /// <summary>Gets how many bytes have gone to disk directly.</summary>
    public long DirectBytes { get; private set; }

    /// <summary>
    /// Writes <paramref name="data"/> at <paramref name="offset"/> of the file at
    /// <paramref name="path"/>, whose cached handle is <paramref name="file"/>: its aligned blocks
    /// directly when possible, everything else through <paramref name="file"/>.
    /// </summary>
    /// <exception cref="IOException">The disk refused the bytes through the cache too.</exception>
    public void Write(SafeFileHandle file, string path, ReadOnlySpan<byte> data, long offset)
    {
        var head = (int)Math.Min(data.Length, (Alignment - (offset % Alignment)) % Alignment);
        var end = head + ((data.Length - head) / Alignment * Alignment);
        var written = 0;
        if (end > head && Open(path) is { } direct)
        {
            if (head > 0)
            {
                RandomAccess.Write(file, data[..head], offset);
            }

            written = WriteDirect(direct, data[head..end], offset + head) + head;
        }

        if (written < data.Length)
        {
            RandomAccess.Write(file, data[written..], offset + written);
        }
    }

    /// <summary>Closes the direct handle of the current file; the next write opens its own.</summary>
    public void CloseFile()
    {
        _handle?.Dispose();
        _handle = null;
        _path = null;
    }

    public void Dispose() => CloseFile();

    // Returns how many bytes went to disk; the rest must go through the cache.
    private int WriteDirect(SafeFileHandle direct, ReadOnlySpan<byte> blocks, long offset)
    {
        var buffer = (_buffer ??= new AlignedBuffer()).Span;
        var position = 0;
        try
        {
            while (position < blocks.Length)
            {
                var count = Math.Min(buffer.Length, blocks.Length - position);
                blocks.Slice(position, count).CopyTo(buffer);
                RandomAccess.Write(direct, buffer[..count], offset + position);
                position += count;
                DirectBytes += count;
            }
        }
#pragma warning disable CA1031 // Whatever fails here, the cache takes the same bytes next, and reports a real disk error itself.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            // EINVAL: this file system takes no direct writes (or not at this alignment), so stop
            // trying. Anything else, such as a full disk, may pass: only this write goes through the cache.
            Refusal = $"a direct write failed: {ex.Message}";
            _unavailable |= ex is not IOException || ex.HResult == InvalidArgument;
            CloseFile();
        }

        return position;
    }

    private SafeFileHandle? Open(string path)
    {
        if (_unavailable)
        {
            return null;
        }

        if (_handle is not null && _path == path)
        {
            return _handle;
        }

        CloseFile();
        try
        {
            var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
            if (!TrySetDirect(handle, direct: true))
            {
                Refusal = $"the file system refused direct writes (error {Marshal.GetLastPInvokeError()})";
                handle.Dispose();
                _unavailable = true;
                return null;
            }

            _handle = handle;
            _path = path;
            return handle;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A file that cannot be opened now: only this write goes through the cache.
            Refusal = $"the file could not be opened for direct writes: {ex.Message}";
            return null;
        }
    }

    [DllImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static extern int Fcntl(SafeFileHandle descriptor, int command, int argument);
}

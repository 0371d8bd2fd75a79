using System.Runtime.InteropServices;

namespace RefAssured.Sdk.Hosting;

/// <summary>
/// A buffer of <see cref="Size"/> bytes whose start is aligned for direct writes
/// (<see cref="DirectWriter.Alignment"/>), in pinned memory. A few are kept for reuse, so that
/// saving a large report does not take fresh memory each time.
/// </summary>
internal sealed class AlignedBuffer
{
    /// <summary>Gets the size of every buffer: 1 MiB, a whole number of aligned blocks.</summary>
    public const int Size = 1024 * 1024;

    private static readonly AlignedBuffer?[] s_kept = new AlignedBuffer?[Math.Min(Environment.ProcessorCount, 8)];

    private readonly byte[] _array;
    private readonly int _start;

    public AlignedBuffer()
    {
        _array = GC.AllocateUninitializedArray<byte>(Size + DirectWriter.Alignment, pinned: true);
        var address = Marshal.UnsafeAddrOfPinnedArrayElement(_array, 0);
        _start = (int)((DirectWriter.Alignment - (address % DirectWriter.Alignment)) % DirectWriter.Alignment);
    }

    public Memory<byte> Memory => _array.AsMemory(_start, Size);

    public Span<byte> Span => _array.AsSpan(_start, Size);

    /// <summary>Takes a kept buffer, or a new one when none is free.</summary>
    public static AlignedBuffer Rent()
    {
        for (var i = 0; i < s_kept.Length; i++)
        {
            if (Interlocked.Exchange(ref s_kept[i], null) is { } buffer)
            {
                return buffer;
            }
        }

        return new AlignedBuffer();
    }

    /// <summary>Keeps the buffer for the next <see cref="Rent"/>, unless enough are kept already.</summary>
    public void Return()
    {
        for (var i = 0; i < s_kept.Length; i++)
        {
            if (Interlocked.CompareExchange(ref s_kept[i], this, null) is null)
            {
                return;
            }
        }
    }
}

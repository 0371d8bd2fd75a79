using Microsoft.Win32.SafeHandles;

namespace RefAssured.Sdk.Tests.Inbox;

public sealed class DirectWriterTests : IDisposable
{
    private const int Block = DirectWriter.Alignment;
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    public static TheoryData<long, int> Runs => new()
    {
        { 0, DirectWriter.Threshold },
        { 1, DirectWriter.Threshold },
        { Block - 1, 3 * DirectWriter.Threshold + 7 },
        { Block + 1, (2 * Block) - 1 },
        { 5 * Block, 100 },
        { 12_345, (3 * DirectWriter.Threshold) + Block },
    };

    [Theory]
    [MemberData(nameof(Runs))]
    public void Write_PutsEveryByteAtItsOffset_AndLeavesTheRestOfTheFileAsItWas(long offset, int length)
    {
        var path = System.IO.Path.Combine(_directory.Path, "file");
        var size = offset + length + (3 * Block);
        var expected = Pattern((int)size, seed: 1);
        File.WriteAllBytes(path, expected);
        var data = Pattern(length, seed: 2);
        data.CopyTo(expected.AsSpan((int)offset));

        using (var file = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read))
        using (var writer = new DirectWriter())
        {
            writer.Write(file, path, data, offset);
            RandomAccess.FlushToDisk(file);

            // The blocks wholly inside the run went past the cache, wherever direct writes work.
            var head = (Block - (offset % Block)) % Block;
            var blocks = Math.Max(0, (length - head) / Block * Block);
            if (DirectWritesExpected())
            {
                Assert.False(writer.Unavailable, writer.Refusal);
                Assert.True(blocks == writer.DirectBytes, $"{writer.DirectBytes} of {blocks} bytes went directly; {writer.Refusal}");
            }
        }

        Assert.Equal(expected, File.ReadAllBytes(path));
    }

    [Fact]
    public void Write_OneFileAfterAnother_WritesEachToItsOwnFile()
    {
        var first = System.IO.Path.Combine(_directory.Path, "first");
        var second = System.IO.Path.Combine(_directory.Path, "second");
        var one = Pattern(DirectWriter.Threshold + 10, seed: 3);
        var two = Pattern(DirectWriter.Threshold + 20, seed: 4);
        using var writer = new DirectWriter();

        Write(writer, first, one);
        Write(writer, second, two);

        Assert.Equal(one, File.ReadAllBytes(first));
        Assert.Equal(two, File.ReadAllBytes(second));
    }

    [Fact]
    public void Write_WhenTheFileCannotBeOpenedForDirectWrites_GoesThroughTheCache_AndTriesAgainNextTime()
    {
        var path = System.IO.Path.Combine(_directory.Path, "file");
        var data = Pattern(DirectWriter.Threshold, seed: 5);
        using var writer = new DirectWriter();
        using (var file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read))
        {
            // A path that does not exist: the direct handle cannot be opened, the cached one still writes.
            writer.Write(file, System.IO.Path.Combine(_directory.Path, "missing"), data, 0);
        }

        Assert.Equal(data, File.ReadAllBytes(path));
        Assert.Equal(0, writer.DirectBytes);
        Assert.Contains("could not be opened", writer.Refusal, StringComparison.Ordinal);
        Assert.False(writer.Unavailable);

        var second = System.IO.Path.Combine(_directory.Path, "second");
        Write(writer, second, data);
        Assert.Equal(data, File.ReadAllBytes(second));
        if (DirectWritesExpected())
        {
            Assert.True(data.Length == writer.DirectBytes, $"{writer.DirectBytes} of {data.Length} bytes went directly; {writer.Refusal}");
        }
    }

    private static void Write(DirectWriter writer, string path, byte[] data)
    {
        using SafeFileHandle file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read);
        writer.Write(file, path, data, 0);
        RandomAccess.FlushToDisk(file);
    }

    // This machine's temporary directory is on a Linux file system that takes direct writes.
    internal static bool DirectWritesExpected() =>
        OperatingSystem.IsLinux() && System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture is System.Runtime.InteropServices.Architecture.X64 or System.Runtime.InteropServices.Architecture.Arm64;

    private static byte[] Pattern(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}

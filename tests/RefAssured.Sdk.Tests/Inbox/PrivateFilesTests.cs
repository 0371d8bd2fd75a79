using System.Runtime.Versioning;

namespace RefAssured.Sdk.Tests.Inbox;

public sealed class PrivateFilesTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void CreateDirectory_New_IsOwnerOnly_AndAnExistingOneIsTightened()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file modes do not apply on Windows.");
        var created = Path.Combine(_directory.Path, "new");
        File.SetUnixFileMode(_directory.Path, PrivateFiles.DirectoryMode | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);

        PrivateFiles.CreateDirectory(created);
        PrivateFiles.CreateDirectory(_directory.Path);

        Assert.Equal(PrivateFiles.DirectoryMode, File.GetUnixFileMode(created));
        Assert.Equal(PrivateFiles.DirectoryMode, File.GetUnixFileMode(_directory.Path));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void OpenHandle_CreatesTheFileOwnerOnly_AndTheHandleOutlivesItsStream()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file modes do not apply on Windows.");
        var path = Path.Combine(_directory.Path, "file.log");

        using var handle = PrivateFiles.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read);

        // The stream that created the handle is garbage now; finalizing it must not close the handle.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        RandomAccess.Write(handle, "written"u8, 0);
        RandomAccess.FlushToDisk(handle);
        Assert.False(handle.IsClosed);
        Assert.Equal("written"u8.ToArray(), File.ReadAllBytes(path));
        Assert.Equal(PrivateFiles.FileMode, File.GetUnixFileMode(path));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void TightenTree_WiderModes_AreTakenAwayFromEverything()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file modes do not apply on Windows.");
        var sub = Directory.CreateDirectory(Path.Combine(_directory.Path, "sub")).FullName;
        var file = Path.Combine(sub, "x.jsonl");
        File.WriteAllText(file, "{}");
        File.SetUnixFileMode(file, PrivateFiles.FileMode | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        File.SetUnixFileMode(sub, PrivateFiles.DirectoryMode | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);

        PrivateFiles.TightenTree(_directory.Path);

        Assert.Equal(PrivateFiles.DirectoryMode, File.GetUnixFileMode(_directory.Path));
        Assert.Equal(PrivateFiles.DirectoryMode, File.GetUnixFileMode(sub));
        Assert.Equal(PrivateFiles.FileMode, File.GetUnixFileMode(file));
    }
}

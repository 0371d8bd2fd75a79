using System.Runtime.Versioning;
using System.Text;

namespace RefAssured.Sdk.Tests.Inbox;

public sealed partial class FileRefAssuredInboxTests
{
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task Files_AfterAppendsCompletionsDeadLettersQuarantineAndRestart_AreOwnerOnly()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file modes do not apply on Windows.");
        var large = NewDelivery(3) with { EventType = RefAssuredEventType.ReferenceReport, Body = new byte[(2 * 1024 * 1024) + 5] };
        await using (var inbox = NewInbox())
        {
            await inbox.AppendAsync(NewDelivery(1), TestContext.Current.CancellationToken);
            await inbox.AppendAsync(NewDelivery(2), TestContext.Current.CancellationToken);
            await inbox.AppendAsync(large, TestContext.Current.CancellationToken);
            var taken = await ReadAsync(inbox, 3);
            await inbox.CompleteAsync(taken[0], TestContext.Current.CancellationToken);
            await inbox.FailAsync(taken[1], new RefAssuredDeliveryFailure("crm: TimeoutException", null), TestContext.Current.CancellationToken);
            await inbox.ReleaseAsync(taken[2], TestContext.Current.CancellationToken);
            Assert.Single(await inbox.ListDeadLettersAsync(TestContext.Current.CancellationToken));
            Assert.Equal(2, await inbox.ReadAuditTrailAsync(TestContext.Current.CancellationToken).CountAsync(TestContext.Current.CancellationToken));
        }

        // Damage after the last record: the next start sets it aside in quarantine/.
        var segment = Directory.GetFiles(Path.Combine(_directory.Path, "segments"), "*.log").Single();
        await File.AppendAllBytesAsync(segment, Encoding.UTF8.GetBytes("not a record"), TestContext.Current.CancellationToken);
        await using (var reopened = NewInbox())
        {
            Assert.Equal(1, (await reopened.GetStatisticsAsync(TestContext.Current.CancellationToken)).Quarantined);
            await reopened.AppendAsync(NewDelivery(4), TestContext.Current.CancellationToken);
            Assert.True(await reopened.PurgeAsync(NewDelivery(2).DeliveryId, TestContext.Current.CancellationToken));
            await reopened.MaintainAsync();
        }

        var directories = Directory.GetDirectories(_directory.Path, "*", SearchOption.AllDirectories).Append(_directory.Path).ToList();
        var files = Directory.GetFiles(_directory.Path, "*", SearchOption.AllDirectories);
        Assert.Equal(4, directories.Count);
        Assert.Contains(files, f => f.EndsWith(".bin", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith(".jsonl", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith("quarantine.log", StringComparison.Ordinal));
        Assert.All(directories, d => Assert.Equal(OwnerOnlyDirectory, File.GetUnixFileMode(d)));
        Assert.All(files, f => Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(f)));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task Open_ExistingInboxWithWiderModes_IsTightenedToOwnerOnly()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file modes do not apply on Windows.");
        const UnixFileMode Wide = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        await using (var inbox = NewInbox())
        {
            await inbox.AppendAsync(NewDelivery(1), TestContext.Current.CancellationToken);
        }

        foreach (var directory in Directory.GetDirectories(_directory.Path, "*", SearchOption.AllDirectories).Append(_directory.Path))
        {
            File.SetUnixFileMode(directory, OwnerOnlyDirectory | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        var segment = Directory.GetFiles(Path.Combine(_directory.Path, "segments")).Single();
        File.SetUnixFileMode(segment, Wide);

        await using var reopened = NewInbox();
        await reopened.OpenAsync(TestContext.Current.CancellationToken);

        Assert.Equal(OwnerOnlyDirectory, File.GetUnixFileMode(_directory.Path));
        Assert.Equal(OwnerOnlyDirectory, File.GetUnixFileMode(Path.Combine(_directory.Path, "segments")));
        Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(segment));
    }

    [Fact]
    public async Task Open_DirectoryIsAFile_FailsWithAMessageWithoutPathOrSystemText()
    {
        var path = Path.Combine(_directory.Path, "taken");
        await File.WriteAllTextAsync(path, "x", TestContext.Current.CancellationToken);
        await using var inbox = new FileRefAssuredInbox(new FileRefAssuredInboxOptions { Directory = path }, _time);

        var error = await Assert.ThrowsAsync<RefAssuredInboxUnavailableException>(async () => await inbox.OpenAsync(TestContext.Current.CancellationToken));

        Assert.Equal("The inbox directory cannot be opened.", error.Message);
        var cause = Assert.IsAssignableFrom<IOException>(error.InnerException);
        Assert.DoesNotContain(cause.Message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Append_SegmentCannotBeCreated_FailsWithAMessageWithoutPathOrSystemText()
    {
        var segments = Path.Combine(_directory.Path, "segments");
        await using var inbox = NewInbox(o => o.SegmentSize = 1024 * 1024);
        await inbox.AppendAsync(NewDelivery(1), TestContext.Current.CancellationToken);

        // The next segment cannot be created where the segments directory was.
        Directory.Delete(segments, recursive: true);
        await File.WriteAllTextAsync(segments, "x", TestContext.Current.CancellationToken);
        var error = await Assert.ThrowsAsync<RefAssuredInboxUnavailableException>(async () =>
            await inbox.AppendAsync(NewDelivery(2) with { Body = new byte[1024 * 1024] }, TestContext.Current.CancellationToken));

        Assert.Equal("The inbox could not write to disk.", error.Message);
        Assert.Contains(segments, Assert.IsAssignableFrom<IOException>(error.InnerException).Message, StringComparison.Ordinal);
    }
}

using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace RefAssured.Sdk.Tests.Inbox;

/// <summary>An open file inbox holds its directory's lock: a second open, in this process or another, is refused at once.</summary>
[Trait("Category", "Integration")]
public sealed class FileRefAssuredInboxLockTests : IDisposable
{
    private static readonly TimeSpan ChildTimeout = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task SecondOpenInProcess_IsRefusedAtOnceAndOpensOnceTheFirstIsDisposed()
    {
        var first = NewInbox();
        await first.OpenAsync(TestContext.Current.CancellationToken);
        await first.AppendAsync(NewDelivery(), TestContext.Current.CancellationToken);
        await using var second = NewInbox();

        var refused = await Assert.ThrowsAsync<RefAssuredInboxUnavailableException>(async () => await second.OpenAsync(TestContext.Current.CancellationToken));
        Assert.Contains("another process or another inbox instance has it open", refused.Message, StringComparison.Ordinal);
        Assert.Contains(InboxLockFile, refused.InnerException!.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(InboxLockFile));

        // The refused instance holds nothing: once the first is disposed, the same instance opens and sees the delivery.
        await first.DisposeAsync();
        await second.OpenAsync(TestContext.Current.CancellationToken);
        Assert.Equal(1, (await second.GetStatisticsAsync(TestContext.Current.CancellationToken)).Pending);
    }

    [Fact]
    public async Task ReopenAfterDispose_WorksEveryTime()
    {
        for (var i = 0; i < 3; i++)
        {
            await using var inbox = NewInbox();
            await inbox.OpenAsync(TestContext.Current.CancellationToken);
        }

        await using var last = NewInbox();
        await last.OpenAsync(TestContext.Current.CancellationToken);
        Assert.Equal(0, (await last.GetStatisticsAsync(TestContext.Current.CancellationToken)).Depth);
    }

    [Fact]
    public async Task OpenWhileAnotherProcessHasIt_IsRefusedAndOpensOnceThatProcessEnds()
    {
        var hostPath = typeof(FileRefAssuredInboxLockTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "CrashHostPath").Value!;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(hostPath);
        start.ArgumentList.Add(_directory.Path);
        start.ArgumentList.Add(Path.Combine(Path.GetTempPath(), "refassured-tests", Guid.NewGuid().ToString("N") + ".log"));
        using var child = Process.Start(start)!;
        try
        {
            Assert.Equal("READY", await child.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(ChildTimeout, TestContext.Current.CancellationToken));

            await using var inbox = NewInbox();
            var refused = await Assert.ThrowsAsync<RefAssuredInboxUnavailableException>(async () => await inbox.OpenAsync(TestContext.Current.CancellationToken));
            Assert.Contains("another process or another inbox instance has it open", refused.Message, StringComparison.Ordinal);

            child.StandardInput.Close();
            await child.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(ChildTimeout, TestContext.Current.CancellationToken);
            Assert.Equal(0, child.ExitCode);
            await inbox.OpenAsync(TestContext.Current.CancellationToken);
            Assert.Equal(0, (await inbox.GetStatisticsAsync(TestContext.Current.CancellationToken)).Depth);
        }
        finally
        {
            if (!child.HasExited)
            {
                child.Kill(entireProcessTree: true);
            }
        }
    }

    private string InboxLockFile => Path.Combine(_directory.Path, "inbox.lock");

    private static RefAssuredDelivery NewDelivery() =>
        new("01JDLOCK000000000000000001", RefAssuredEventType.SalesOptIn, DateTimeOffset.UtcNow, Encoding.UTF8.GetBytes("""{"referenceRequestId":1}"""));

    private FileRefAssuredInbox NewInbox() => new(new FileRefAssuredInboxOptions { Directory = _directory.Path });
}

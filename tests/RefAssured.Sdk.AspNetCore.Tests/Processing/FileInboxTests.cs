namespace RefAssured.Sdk.AspNetCore.Tests.Processing;

/// <summary>The default, durable inbox behind the endpoints: what was acknowledged is handled, even after a restart.</summary>
public sealed class FileInboxTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("refassured-inbox-").FullName;

    private Dictionary<string, string?> Settings => new()
    {
        ["RefAssured:Inbox"] = "File",
        ["RefAssured:InboxDirectory"] = _directory,
    };

    [Fact]
    public async Task EveryVendorSample_IsStoredOnDiskThenHandled()
    {
        await using var host = await WebhookHost.StartAsync(settings: Settings);

        var ids = new List<string>();
        foreach (var (route, _, file, _) in Samples.All)
        {
            ids.Add(await HttpAssert.AcceptedAsync(await host.PostEventAsync(route, Samples.Bytes(file))));
        }

        var handled = await host.Recorder.WaitForAsync(4);
        Assert.Equal(ids.Order(StringComparer.Ordinal), handled.Select(h => h.DeliveryId).Order(StringComparer.Ordinal));
        Assert.IsType<FileRefAssuredInbox>(host.Get<IRefAssuredInbox>());
        Assert.NotEmpty(Directory.EnumerateFileSystemEntries(_directory));
    }

    [Fact]
    public async Task AcknowledgedButUnhandledAtShutdown_IsHandledAfterRestart()
    {
        string deliveryId;
        await using (var first = await WebhookHost.StartAsync(settings: Settings))
        {
            var blocked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            first.Recorder.OnHandle = async (_, _, cancellationToken) =>
            {
                blocked.TrySetResult();
                await Task.Delay(Timeout.Infinite, cancellationToken);
            };
            deliveryId = await HttpAssert.AcceptedAsync(await first.PostEventAsync("sales-optin", Samples.SalesOptIn));
            await blocked.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        }

        await using var second = await WebhookHost.StartAsync(settings: Settings);

        var handled = Assert.Single(await second.Recorder.WaitForAsync(1));
        Assert.Equal(deliveryId, handled.DeliveryId);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}

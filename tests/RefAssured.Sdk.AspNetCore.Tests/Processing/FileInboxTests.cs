using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

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

    [Fact]
    public async Task FailingHandler_DeadLetterAndAuditTrailHoldTheExceptionType_TheLogTheMessage()
    {
        var settings = Settings;
        settings["RefAssured:Retry:MaxAttempts"] = "1";
        await using var host = await WebhookHost.StartAsync(settings: settings);
        host.Recorder.OnHandle = (_, _, _) => throw new InvalidOperationException("candidate jane@example.com");

        await HttpAssert.AcceptedAsync(await host.PostEventAsync("sales-optin", Samples.SalesOptIn));
        var store = host.Get<IRefAssuredDeadLetterStore>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        IReadOnlyList<RefAssuredDeadLetter> letters;
        while ((letters = await store.ListDeadLettersAsync(TestContext.Current.CancellationToken)).Count == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "No dead letter within 30 s.");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        var audit = await Assert.IsType<FileRefAssuredInbox>(host.Get<IRefAssuredInbox>()).ReadAuditTrailAsync(TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);
        Assert.EndsWith(": InvalidOperationException", Assert.Single(letters).Error, StringComparison.Ordinal);
        Assert.Equal(letters[0].Error, Assert.Single(audit).Error);
        Assert.Contains("jane@example.com", host.Logs.AllText, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_directory));
        }
    }

    [Fact]
    public async Task InboxSizeQuotaBelowTwoSegments_FailsValidationAtStart()
    {
        using var logs = new CapturedLogs();
        var settings = Settings;
        settings["RefAssured:InboxSizeQuota"] = "1048576";
        settings["RefAssured:InboxDeadLetterRetention"] = "00:00:00";
        var builder = WebhookHost.CreateBuilder(logs, settings: settings);
        builder.Services.AddRefAssuredWebhooks(builder.Configuration.GetSection("RefAssured"));
        await using var app = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains(error.Failures, f => f.Contains("InboxSizeQuota", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("InboxDeadLetterRetention", StringComparison.Ordinal));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}

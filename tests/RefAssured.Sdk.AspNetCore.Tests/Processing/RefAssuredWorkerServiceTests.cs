using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using RefAssured.Sdk.Testing;

namespace RefAssured.Sdk.AspNetCore.Tests.Processing;

public sealed class RefAssuredWorkerServiceTests
{
    [Fact]
    public async Task SlowHandler_DoesNotDelayTheAcknowledgement()
    {
        await using var host = await WebhookHost.StartAsync();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Recorder.OnHandle = async (_, _, cancellationToken) =>
        {
            started.TrySetResult();
            await Task.Delay(TimeSpan.FromSeconds(10), cancellationToken);
        };

        var stopwatch = Stopwatch.StartNew();
        await HttpAssert.AcceptedAsync(await host.PostEventAsync("sales-optin", Samples.SalesOptIn));
        var acknowledged = stopwatch.Elapsed;

        // Generous bound: the handler takes 10 s, the answer must not wait for it.
        Assert.True(acknowledged < TimeSpan.FromSeconds(2), $"The 200 took {acknowledged}.");
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.Empty(host.Recorder.Handled);
    }

    [Fact]
    public async Task ThousandConcurrentDeliveries_AllAcknowledged_EachHandledExactlyOnce()
    {
        const int count = 1000;
        await using var host = await WebhookHost.StartAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
            await HttpAssert.AcceptedAsync(await host.PostEventAsync(Samples.All[i % 4].Route, Samples.Bytes(Samples.All[i % 4].File)))));

        // Once every delivery is completed nothing is left to hand out, so the counts below are final.
        await host.WaitForCompletedAsync(count, timeoutSeconds: 120);
        var handled = host.Recorder.Handled;
        Assert.Equal(count, answers.Distinct().Count());
        Assert.Equal(count, handled.Count);
        Assert.Equal(answers.Order(StringComparer.Ordinal), handled.Select(h => h.DeliveryId).Order(StringComparer.Ordinal));
        Assert.Equal(0, host.Inbox.Count);
    }

    [Fact]
    public async Task Handlers_GetOneScopePerDelivery_SharedByTheDeliverysHandlers()
    {
        await using var host = await WebhookHost.StartAsync((_, webhooks) => webhooks.AddHandler<SecondLeadHandler>());

        for (var i = 0; i < 3; i++)
        {
            await HttpAssert.AcceptedAsync(await host.PostEventAsync("sales-optin", Samples.SalesOptIn));
        }

        await host.WaitForCompletedAsync(3);
        var byDelivery = host.Recorder.Handled.GroupBy(h => h.DeliveryId).ToList();
        Assert.Equal(3, byDelivery.Count);
        var probes = byDelivery.Select(g =>
        {
            Assert.Equal([nameof(RecordingHandler), nameof(SecondLeadHandler)], g.Select(h => h.Handler));
            return Assert.Single(g.Select(h => (ScopedProbe)h.Scoped!).Distinct());
        }).ToList();
        Assert.Equal(3, probes.Select(p => p.Id).Distinct().Count());
        Assert.All(probes, p => Assert.True(p.Disposed, "The delivery's scope is disposed once it is handled."));
    }

    [Fact]
    public async Task TenMegabyteReport_IsSavedByteIdentical()
    {
        var pdf = PdfFactory.Create(10 * 1024 * 1024, seed: 7);
        var directory = Directory.CreateTempSubdirectory("refassured-report-").FullName;
        try
        {
            await using var host = await WebhookHost.StartAsync();
            var saved = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            host.Recorder.OnHandle = async (evt, _, cancellationToken) =>
                saved.TrySetResult(await ((ReferenceReport)evt).SaveFileAsync(directory, cancellationToken: cancellationToken));

            await HttpAssert.AcceptedAsync(await host.PostEventAsync("reference-report", Samples.ReportWith(pdf)));

            var path = await saved.Task.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
            Assert.Equal(directory, Path.GetDirectoryName(path));
            var written = await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken);
            Assert.True(pdf.AsSpan().SequenceEqual(written), "The saved file differs from the PDF sent.");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task FailingHandler_IsRetriedThenDeadLettered()
    {
        await using var host = await WebhookHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["RefAssured:Retry:MaxAttempts"] = "2",
            ["RefAssured:Retry:InitialDelay"] = "00:00:00",
        });
        var attempts = 0;
        host.Recorder.OnHandle = (_, _, _) =>
        {
            Interlocked.Increment(ref attempts);
            throw new InvalidOperationException("The CRM is down.");
        };

        var deliveryId = await HttpAssert.AcceptedAsync(await host.PostEventAsync("sales-optin", Samples.SalesOptIn));

        var store = host.Get<IRefAssuredDeadLetterStore>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        RefAssuredDeadLetter? deadLetter;
        while ((deadLetter = await store.GetDeadLetterAsync(deliveryId, TestContext.Current.CancellationToken)) is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "The delivery was not dead-lettered within 30 s.");
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        Assert.Equal(2, attempts);
        Assert.Contains("The CRM is down.", deadLetter.Error, StringComparison.Ordinal);
        Assert.Equal(2, host.Logs.For(3).Count);
        Assert.Single(host.Logs.For(4));
    }
}

using Microsoft.Extensions.DependencyInjection;

namespace RefAssured.Sdk.AspNetCore.Tests.Processing;

public sealed class RefAssuredWorkerServiceTests
{
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
        // The dead letter keeps the exception type; its message, which may quote the payload, goes to the log only.
        Assert.EndsWith(": InvalidOperationException", deadLetter.Error, StringComparison.Ordinal);
        Assert.Contains("The CRM is down.", host.Logs.AllText, StringComparison.Ordinal);
        Assert.Equal(2, host.Logs.For(3).Count);
        Assert.Single(host.Logs.For(4));
    }
}

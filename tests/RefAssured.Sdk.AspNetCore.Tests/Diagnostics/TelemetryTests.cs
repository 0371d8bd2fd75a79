using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace RefAssured.Sdk.AspNetCore.Tests.Diagnostics;

public sealed class TelemetryTests
{
    [Fact]
    public async Task Delivery_ReceiveActivityUnderTheRequest_HandleActivityLinkedToIt()
    {
        var activities = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is RefAssuredTelemetry.ActivitySourceName or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var host = await WebhookHost.StartAsync();

        var deliveryId = await HttpAssert.AcceptedAsync(await host.PostEventAsync("sales-optin", Samples.SalesOptIn));
        await host.WaitForCompletedAsync(1);

        // Each activity is reported when it stops, and the request's own stops only after its answer
        // reached the client, so all three are awaited rather than expected at once.
        Activity? handle = null, receive = null, request = null;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            handle ??= activities.FirstOrDefault(a => a.OperationName == "RefAssured.Handle" && Equals(a.GetTagItem("refassured.delivery.id"), deliveryId));
            receive ??= activities.FirstOrDefault(a => a.OperationName == "RefAssured.Receive" && Equals(a.GetTagItem("refassured.delivery.id"), deliveryId));
            request ??= receive is null ? null : activities.FirstOrDefault(a => a.Source.Name == "Microsoft.AspNetCore" && a.SpanId == receive.ParentSpanId);
            if (handle is not null && request is not null)
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Within 30 s: handle {handle is not null}, receive {receive is not null}, request {request is not null}.");
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        Assert.NotNull(receive);
        Assert.Single(activities, a => a.OperationName == "RefAssured.Receive" && Equals(a.GetTagItem("refassured.delivery.id"), deliveryId));
        Assert.Equal(request.TraceId, receive.TraceId);
        Assert.Contains(handle.Links, link => link.Context.SpanId == receive.SpanId && link.Context.TraceId == receive.TraceId);

        // One spelling of the event type on both spans, the same as on the metrics.
        Assert.Equal("sales-optin", receive.GetTagItem("refassured.event.type"));
        Assert.Equal("sales-optin", handle.GetTagItem("refassured.event.type"));
    }

    [Fact]
    public async Task Delivery_IsCountedOnTheSdkMeterByItsRouteName()
    {
        var measurements = new ConcurrentQueue<(string Instrument, string? EventType)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == RefAssuredTelemetry.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) =>
        {
            string? eventType = null;
            foreach (var tag in tags)
            {
                eventType = tag.Key == "refassured.event.type" ? tag.Value as string : eventType;
            }

            measurements.Enqueue((instrument.Name, eventType));
        });
        var durations = new ConcurrentQueue<(string Instrument, string? EventType, double Seconds)>();
        listener.SetMeasurementEventCallback<double>((instrument, seconds, tags, _) =>
        {
            string? eventType = null;
            foreach (var tag in tags)
            {
                eventType = tag.Key == "refassured.event.type" ? tag.Value as string : eventType;
            }

            durations.Enqueue((instrument.Name, eventType, seconds));
        });
        listener.Start();
        await using var host = await WebhookHost.StartAsync();

        await HttpAssert.AcceptedAsync(await host.PostEventAsync("candidatenotes", Samples.Bytes("candidate-notes.json")));
        await host.WaitForCompletedAsync(1);

        Assert.Contains(("refassured.requests.accepted", "candidate-notes"), measurements);
        Assert.Contains(("refassured.deliveries.processed", "candidate-notes"), measurements);

        // Timed while a listener measures them: a real duration, not the time since the clock's start.
        foreach (var instrument in new[] { "refassured.acknowledgement.duration", "refassured.handler.duration" })
        {
            var measured = durations.Where(d => d.Instrument == instrument).ToList();
            Assert.Contains(measured, d => d.EventType == "candidate-notes");
            Assert.All(measured, d => Assert.InRange(d.Seconds, 0, 60));
        }
    }
}

using System.Diagnostics.Metrics;
using RefAssured.Sdk.Tests.Receiving;
using static RefAssured.Sdk.Tests.Diagnostics.TelemetryTestSupport;
using static RefAssured.Sdk.Tests.Processing.RefAssuredWorkerTests;

namespace RefAssured.Sdk.Tests.Diagnostics;

[Collection(typeof(MeterMeasurements))]
public sealed class RefAssuredDiagnosticsTests
{
    [Fact]
    public void Instruments_EachHasItsUnit()
    {
        using var recorder = new MeasurementRecorder();
        _ = RefAssuredDiagnostics.StartHandler();

        var units = recorder.Instruments.Values.ToDictionary(i => i.Name, i => i.Unit);

        Assert.Equal(
            new Dictionary<string, string?>
            {
                ["refassured.requests.received"] = "{request}",
                ["refassured.requests.accepted"] = "{request}",
                ["refassured.requests.rejected"] = "{request}",
                ["refassured.acknowledgement.duration"] = "s",
                ["refassured.deliveries.processed"] = "{delivery}",
                ["refassured.deliveries.failed"] = "{attempt}",
                ["refassured.deliveries.dead_lettered"] = "{delivery}",
                ["refassured.handler.duration"] = "s",
            },
            units);
    }

    [Theory]
    [InlineData("refassured.acknowledgement.duration", 0.001, 10)]
    [InlineData("refassured.handler.duration", 0.001, 60)]
    public void DurationHistogram_AdvisesAscendingBucketsFromMillisecondsToSeconds(string name, double atMostFirst, double atLeastLast)
    {
        using var recorder = new MeasurementRecorder();
        _ = RefAssuredDiagnostics.StartHandler();

        var histogram = Assert.IsType<Histogram<double>>(recorder.Instruments[name]);
        var buckets = histogram.Advice?.HistogramBucketBoundaries;

        Assert.NotNull(buckets);
        Assert.True(buckets.Count >= 10, $"{buckets.Count} boundaries.");
        Assert.Equal(buckets.Order(), buckets);
        Assert.Equal(buckets.Count, buckets.Distinct().Count());
        Assert.InRange(buckets[0], 0, atMostFirst);
        Assert.True(buckets[^1] >= atLeastLast, $"The last boundary is {buckets[^1]} s.");
    }

    [Fact]
    public async Task Receive_Accepted_CountedByRouteNameWithStatusCodeAndNoDeliveryId()
    {
        using var recorder = new MeasurementRecorder();
        var harness = new ReceiverHarness();

        var outcome = await harness.ReceiveAsync(ReceiverHarness.Request("salesoptin", Fixture.Bytes(Fixture.SalesOptIn)));

        Assert.True(outcome.IsAccepted);
        Assert.Contains(recorder.Of("refassured.requests.received"), m => Equals(m.Tag("refassured.event.type"), "sales-optin"));
        var accepted = Assert.Single(recorder.Of("refassured.requests.accepted"));
        Assert.Equal("sales-optin", accepted.Tag("refassured.event.type"));
        Assert.False(accepted.Tags.ContainsKey("error.type"));
        var duration = Assert.Single(recorder.Of("refassured.acknowledgement.duration"));
        Assert.Equal(200, duration.Tag("http.response.status_code"));
        Assert.InRange(duration.Value, 0, 60);
        Assert.DoesNotContain(recorder.All, m => m.Tags.ContainsKey("refassured.delivery.id") || m.Tags.Values.Contains(outcome.DeliveryId));
    }

    [Fact]
    public async Task Receive_WrongKey_RejectedWithStatusNameAsErrorType()
    {
        using var recorder = new MeasurementRecorder();
        var harness = new ReceiverHarness();

        await harness.ReceiveAsync(ReceiverHarness.Request("candidate-notes", Fixture.Bytes(Fixture.For(RefAssuredEventType.CandidateNote)), key: "wrong"));

        var rejected = Assert.Single(recorder.Of("refassured.requests.rejected"));
        Assert.Equal("candidate-notes", rejected.Tag("refassured.event.type"));
        Assert.Equal("KeyMismatch", rejected.Tag("error.type"));
        var duration = Assert.Single(recorder.Of("refassured.acknowledgement.duration"));
        Assert.Equal(401, duration.Tag("http.response.status_code"));
        Assert.Equal("KeyMismatch", duration.Tag("error.type"));
        Assert.Empty(recorder.Of("refassured.requests.accepted"));
    }

    [Fact]
    public async Task Receive_UnknownRoute_RejectedWithoutAnEventType()
    {
        using var recorder = new MeasurementRecorder();
        var harness = new ReceiverHarness();

        await harness.ReceiveAsync(ReceiverHarness.Request("no-such-event", Fixture.Bytes(Fixture.SalesOptIn)));

        var rejected = Assert.Single(recorder.Of("refassured.requests.rejected"));
        Assert.Equal("UnknownEvent", rejected.Tag("error.type"));
        Assert.False(rejected.Tags.ContainsKey("refassured.event.type"));
        Assert.Equal(404, Assert.Single(recorder.Of("refassured.acknowledgement.duration")).Tag("http.response.status_code"));
    }

    [Fact]
    public async Task Worker_FailingHandler_DurationFailureAndDeadLetterCarryTheExceptionType()
    {
        using var recorder = new MeasurementRecorder();
        var inbox = new InMemoryRefAssuredInbox();
        var dispatcher = new RefAssuredDispatcherBuilder()
            .On<ReferenceReport>((e, c, ct) => throw new TelemetryProbeException("CRM refused the report"), name: "report-archiver")
            .On<ReferenceReport>((e, c, ct) => Task.CompletedTask, name: "report-notifier")
            .Build();
        await inbox.AppendAsync(Delivery("01JDTELEMETRYMETRIC0000001", RefAssuredEventType.ReferenceReport), TestContext.Current.CancellationToken);
        var worker = new RefAssuredWorker(inbox, dispatcher, new RefAssuredWorkerOptions { RetryPolicy = new RefAssuredRetryPolicy { MaxAttempts = 1 } });

        await RunUntil(worker, () => inbox.GetEntries() is [{ State: RefAssuredDeliveryState.DeadLettered }]);

        var errorType = typeof(TelemetryProbeException).FullName;
        var handlers = recorder.Of("refassured.handler.duration");
        var failed = Assert.Single(handlers, m => Equals(m.Tag("refassured.handler.name"), "report-archiver"));
        Assert.Equal(errorType, failed.Tag("error.type"));
        Assert.Equal("reference-report", failed.Tag("refassured.event.type"));
        var succeeded = Assert.Single(handlers, m => Equals(m.Tag("refassured.handler.name"), "report-notifier"));
        Assert.False(succeeded.Tags.ContainsKey("error.type"));
        Assert.Equal(errorType, Assert.Single(recorder.Of("refassured.deliveries.failed")).Tag("error.type"));
        var deadLettered = Assert.Single(recorder.Of("refassured.deliveries.dead_lettered"));
        Assert.Equal(errorType, deadLettered.Tag("error.type"));
        Assert.Equal("reference-report", deadLettered.Tag("refassured.event.type"));
        Assert.Empty(recorder.Of("refassured.deliveries.processed"));
    }

    [Fact]
    public void Recording_WhileMeasured_AllocatesNothing()
    {
        long measured = 0;
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
        listener.SetMeasurementEventCallback<long>((_, _, _, _) => Interlocked.Increment(ref measured));
        listener.SetMeasurementEventCallback<double>((_, _, _, _) => Interlocked.Increment(ref measured));
        listener.Start();
        var accepted = RefAssuredReceiveOutcome.Accepted("01JDTELEMETRYALLOC00000001");
        var rejected = RefAssuredReceiveOutcome.Problem(RefAssuredReceiveStatus.KeyMismatch, "The key does not match.");
        var exception = new TelemetryProbeException("failed");
        RecordAll();

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            RecordAll();
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.True(Interlocked.Read(ref measured) >= 101 * 8, $"{measured} measurements.");

        void RecordAll()
        {
            RefAssuredDiagnostics.RecordReceived(RefAssuredEventType.SalesOptIn);
            RefAssuredDiagnostics.RecordOutcome(accepted, RefAssuredEventType.SalesOptIn, RefAssuredDiagnostics.StartAcknowledgement());
            RefAssuredDiagnostics.RecordOutcome(rejected, RefAssuredEventType.SalesOptIn, RefAssuredDiagnostics.StartAcknowledgement());
            RefAssuredDiagnostics.RecordProcessed(RefAssuredEventType.SalesOptIn);
            RefAssuredDiagnostics.RecordHandler(RefAssuredEventType.SalesOptIn, "crm", RefAssuredDiagnostics.StartHandler(), error: null);
            RefAssuredDiagnostics.RecordHandler(RefAssuredEventType.SalesOptIn, "crm", RefAssuredDiagnostics.StartHandler(), exception);
        }
    }
}

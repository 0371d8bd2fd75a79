using RefAssured.Sdk.Tests.Dispatching;

namespace RefAssured.Sdk.Tests.Diagnostics;

/// <summary>
/// The meter and activity listeners are process-wide: tests that count measurements or listen to
/// the SDK's spans run alone, after the parallel ones, so that a measurement they look for is one
/// they caused, and so that their listener does not give other tests' receives spans of their own.
/// </summary>
[CollectionDefinition(DisableParallelization = true)]
public sealed class MeterMeasurements;

/// <summary>An exception type no other test throws, so its <c>error.type</c> identifies a test's own failures.</summary>
internal sealed class TelemetryProbeException(string message) : Exception(message);

internal static class TelemetryTestSupport
{
    public static RefAssuredDelivery Delivery(string id, RefAssuredEventType type) =>
        RefAssuredDispatcherTests.Delivery(type) with { DeliveryId = id };

    /// <summary>Runs a worker until a condition holds, generously bounded for a busy machine.</summary>
    public static async Task RunUntil(RefAssuredWorker worker, Func<bool> done)
    {
        using var stop = new CancellationTokenSource();
        var run = worker.RunAsync(stop.Token);
        await Eventually(done);
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
    }

    public static async Task Eventually(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold within 30 seconds.");
            await Task.Delay(5, TestContext.Current.CancellationToken);
        }
    }
}

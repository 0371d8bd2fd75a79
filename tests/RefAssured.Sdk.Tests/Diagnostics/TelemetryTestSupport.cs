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
}

using RefAssured.Sdk.Conformance;

namespace RefAssured.Sdk.HttpListener.Tests;

/// <summary>The shared deadline tests, run against <see cref="RefAssuredHttpListenerHost"/>.</summary>
[Collection(nameof(HostDeadlineTests))]
public sealed class HttpListenerDeadlineTests : HostDeadlineTests
{
    protected override Task<IConformanceHost> StartAsync(ConformanceSetup setup) => HttpListenerConformanceTests.StartHostAsync(setup);
}

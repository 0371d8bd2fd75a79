using RefAssured.Sdk.Conformance;

namespace RefAssured.Sdk.AspNetCore.Tests.Routing;

/// <summary>The shared deadline tests, run against the ASP.NET Core endpoints on Kestrel.</summary>
[Collection(nameof(HostDeadlineTests))]
public sealed class AspNetCoreDeadlineTests : HostDeadlineTests
{
    protected override Task<IConformanceHost> StartAsync(ConformanceSetup setup) => AspNetCoreConformanceTests.StartHostAsync(setup);
}

using System.Reflection;
using RefAssured.Sdk.Conformance;
using RefAssured.Sdk.Testing;

namespace RefAssured.Sdk.HttpListener.Tests.Hostile;

/// <summary>The hostile-load test against the HttpListener sample (samples/HttpListenerReceiver), with its file inbox, in Production.</summary>
[Trait("Category", "Integration")]
[Collection(nameof(HostileLoadTests))]
public sealed class HttpListenerHostileLoadTests : HostileLoadTests
{
    protected override string HostName => "httplistener";

    private protected override async Task<StartedSample> StartSampleAsync(string key)
    {
        var path = typeof(HttpListenerHostileLoadTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "SamplePath").Value!;
        var prefix = $"http://127.0.0.1:{RefAssuredHttpListenerHostTests.FreePort()}/webhooks/refassured/";
        var sample = SampleProcess.Start(path, ["--prefix", prefix], new Dictionary<string, string?> { ["REFASSURED_WEBHOOK_KEY"] = key, ["DOTNET_ENVIRONMENT"] = "Production" });
        try
        {
            await sample.WaitForOutputAsync("Listening on " + prefix);
            return new StartedSample(sample, new Uri(prefix));
        }
        catch
        {
            await sample.DisposeAsync();
            throw;
        }
    }
}

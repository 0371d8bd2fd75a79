using System.Reflection;
using RefAssured.Sdk.Conformance;
using RefAssured.Sdk.Testing;

namespace RefAssured.Sdk.AspNetCore.Tests.Hostile;

/// <summary>The hostile-load test against the ASP.NET Core sample (samples/AspNetCoreReceiver) on Kestrel, with its file inbox, in Production.</summary>
[Trait("Category", "Integration")]
[Collection(nameof(HostileLoadTests))]
public sealed class AspNetCoreHostileLoadTests : HostileLoadTests
{
    protected override string HostName => "aspnetcore";

    private protected override async Task<StartedSample> StartSampleAsync(string key)
    {
        var assembly = typeof(AspNetCoreHostileLoadTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "SampleAssembly").Value!;
        var sample = SampleProcess.Start(
            assembly,
            ["--contentRoot", Path.GetDirectoryName(Path.GetFullPath(assembly))!, "--urls", "http://127.0.0.1:0"],
            new Dictionary<string, string?> { ["ASPNETCORE_ENVIRONMENT"] = "Production", ["REFASSURED_WEBHOOK_KEY"] = key, ["RefAssured__RequireHttps"] = "false" });
        try
        {
            // Kestrel's "Now listening on: http://127.0.0.1:port" line gives the address.
            const string Listening = "Now listening on: ";
            await sample.WaitForOutputAsync(Listening + "http://127.0.0.1:");
            var line = sample.Output.Split('\n').First(line => line.Contains(Listening, StringComparison.Ordinal));
            var root = line[(line.IndexOf(Listening, StringComparison.Ordinal) + Listening.Length)..].Trim();
            return new StartedSample(sample, new Uri(root.TrimEnd('/') + "/webhooks/refassured/"));
        }
        catch
        {
            await sample.DisposeAsync();
            throw;
        }
    }
}

using System.Runtime.CompilerServices;

namespace RefAssured.Sdk.Testing.Tests.PublicApi;

/// <summary>The public surface of the testing package, approved in a committed file: any change to it shows in review.</summary>
public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_HasNotChangedUnnoticed() =>
        PublicApiApproval.Verify(typeof(RefAssuredSamples).Assembly, Approved("RefAssured.Sdk.Testing.approved.txt"));

    private static string Approved(string name, [CallerFilePath] string path = "") => Path.Combine(Path.GetDirectoryName(path)!, name);
}

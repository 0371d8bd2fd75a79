using System.Runtime.CompilerServices;
using RefAssured.Sdk.Testing;

namespace RefAssured.Sdk.Tests.PublicApi;

/// <summary>The public surface of the core package, approved in a committed file: any change to it shows in review.</summary>
public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_HasNotChangedUnnoticed() =>
        PublicApiApproval.Verify(typeof(RefAssuredEvent).Assembly, Approved("RefAssured.Sdk.approved.txt"));

    private static string Approved(string name, [CallerFilePath] string path = "") => Path.Combine(Path.GetDirectoryName(path)!, name);
}

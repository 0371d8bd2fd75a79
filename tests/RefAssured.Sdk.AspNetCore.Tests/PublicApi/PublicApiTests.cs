using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using RefAssured.Sdk.Testing;

namespace RefAssured.Sdk.AspNetCore.Tests.PublicApi;

/// <summary>
/// The public surface of the ASP.NET Core package, approved in a committed file: any change to it
/// shows in review. Its extension methods live in the framework's namespaces, which are kept.
/// </summary>
public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_HasNotChangedUnnoticed() =>
        PublicApiApproval.Verify(
            typeof(RefAssuredWebhooksBuilder).Assembly,
            Approved("RefAssured.Sdk.AspNetCore.approved.txt"),
            "Microsoft.AspNetCore.Builder",
            "Microsoft.Extensions.DependencyInjection");

    private static string Approved(string name, [CallerFilePath] string path = "") => Path.Combine(Path.GetDirectoryName(path)!, name);
}

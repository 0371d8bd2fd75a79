using System.Runtime.CompilerServices;
using Xunit;

namespace RefAssured.Sdk.Testing.AspNetCore.Tests.PublicApi;

/// <summary>
/// The public surface of the ASP.NET Core testing package, approved in a committed file: any change
/// to it shows in review. Its service registration lives in the framework's namespace, which is kept.
/// </summary>
public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_HasNotChangedUnnoticed() =>
        PublicApiApproval.Verify(
            typeof(RefAssuredHttpClientExtensions).Assembly,
            Approved("RefAssured.Sdk.Testing.AspNetCore.approved.txt"),
            "Microsoft.Extensions.DependencyInjection");

    private static string Approved(string name, [CallerFilePath] string path = "") => Path.Combine(Path.GetDirectoryName(path)!, name);
}

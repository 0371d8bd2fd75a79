using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using RefAssured.Sdk.Testing;

namespace RefAssured.Sdk.PostgreSql.Tests.AspNetCore;

/// <summary>
/// The public surface of the ASP.NET Core glue package (RefAssured.Sdk.AspNetCore.PostgreSql),
/// approved in a committed file: any change to it shows in review. Its extension methods live in
/// the framework's namespace, which is kept.
/// </summary>
public sealed class AspNetCorePublicApiTests
{
    [Fact]
    public void PublicApi_HasNotChangedUnnoticed() =>
        PublicApiApproval.Verify(
            typeof(RefAssuredPostgreSqlWebhooksBuilderExtensions).Assembly,
            Approved("RefAssured.Sdk.AspNetCore.PostgreSql.approved.txt"),
            "Microsoft.Extensions.DependencyInjection");

    private static string Approved(string name, [CallerFilePath] string path = "") => Path.Combine(Path.GetDirectoryName(path)!, name);
}

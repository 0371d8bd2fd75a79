using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using PublicApiGenerator;

namespace RefAssured.Sdk.AspNetCore.Tests.PublicApi;

/// <summary>
/// The public surface of the ASP.NET Core package, approved in a committed file: any change to it
/// shows in review. On a difference the test writes the new surface beside the approved file as
/// <c>.received.txt</c>; copy it over the approved file when the change is intended.
/// </summary>
public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_HasNotChangedUnnoticed()
    {
        var api = typeof(RefAssuredWebhooksBuilder).Assembly.GeneratePublicApi(new ApiGeneratorOptions
        {
            IncludeAssemblyAttributes = false,
            AllowNamespacePrefixes = ["Microsoft.AspNetCore.Builder", "Microsoft.Extensions.DependencyInjection"],
        });
        var approvedPath = Path.Combine(SourceDirectory(), "RefAssured.Sdk.AspNetCore.approved.txt");
        var receivedPath = Path.ChangeExtension(approvedPath, null).Replace(".approved", ".received", StringComparison.Ordinal) + ".txt";

        var approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath).ReplaceLineEndings() : "(no approved file)";
        if (approved != api.ReplaceLineEndings())
        {
            File.WriteAllText(receivedPath, api);
        }
        else if (File.Exists(receivedPath))
        {
            File.Delete(receivedPath);
        }

        Assert.Equal(approved, api.ReplaceLineEndings());
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}

using System.Runtime.CompilerServices;
using PublicApiGenerator;

namespace RefAssured.Sdk.HttpListener.Tests.PublicApi;

/// <summary>
/// The public surface of the HttpListener package, approved in a committed file. On a difference
/// the test writes the new surface beside it as <c>.received.txt</c>; copy it over the approved
/// file when the change is intended.
/// </summary>
public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_HasNotChangedUnnoticed()
    {
        var api = typeof(RefAssuredHttpListenerHost).Assembly.GeneratePublicApi(new ApiGeneratorOptions
        {
            IncludeAssemblyAttributes = false,
            ExcludeAttributes = ["System.Runtime.CompilerServices.AsyncIteratorStateMachineAttribute", "System.Runtime.CompilerServices.AsyncStateMachineAttribute"],
        });
        var approvedPath = Path.Combine(SourceDirectory(), "RefAssured.Sdk.HttpListener.approved.txt");
        var receivedPath = Path.Combine(SourceDirectory(), "RefAssured.Sdk.HttpListener.received.txt");

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

using System.Runtime.CompilerServices;
using PublicApiGenerator;

namespace RefAssured.Sdk.Tests.PublicApi;

/// <summary>
/// The public surface of the package, approved in a committed file: any change to it shows in
/// review. On a difference the test writes the new surface beside the approved file as
/// <c>.received.txt</c>; copy it over the approved file when the change is intended.
/// </summary>
public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_HasNotChangedUnnoticed()
    {
        var api = typeof(RefAssuredEvent).Assembly.GeneratePublicApi(new ApiGeneratorOptions
        {
            IncludeAssemblyAttributes = false,
            // Compiler-generated state machine names change with unrelated edits; they are not API.
            ExcludeAttributes = ["System.Runtime.CompilerServices.AsyncIteratorStateMachineAttribute", "System.Runtime.CompilerServices.AsyncStateMachineAttribute"],
        });
        var approvedPath = Path.Combine(SourceDirectory(), "RefAssured.Sdk.approved.txt");
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

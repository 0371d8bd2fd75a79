using System.Reflection;
using PublicApiGenerator;

namespace RefAssured.Sdk.Testing;

/// <summary>
/// Compares a package's public surface with its committed approved file. On a difference it
/// writes the new surface beside it as <c>.received.txt</c> (copy it over the approved file when
/// the change is intended) and fails.
/// </summary>
internal static class PublicApiApproval
{
    public static void Verify(Assembly assembly, string approvedPath, params string[] allowNamespacePrefixes)
    {
        var api = assembly.GeneratePublicApi(new ApiGeneratorOptions
        {
            IncludeAssemblyAttributes = false,
            AllowNamespacePrefixes = allowNamespacePrefixes,
            // Compiler-generated state machine names change with unrelated edits; they are not API.
            ExcludeAttributes = ["System.Runtime.CompilerServices.AsyncIteratorStateMachineAttribute", "System.Runtime.CompilerServices.AsyncStateMachineAttribute"],
        }).ReplaceLineEndings();
        var receivedPath = approvedPath.Replace(".approved.txt", ".received.txt", StringComparison.Ordinal);
        var approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath).ReplaceLineEndings() : "(no approved file)";
        if (approved != api)
        {
            File.WriteAllText(receivedPath, api);
        }
        else if (File.Exists(receivedPath))
        {
            File.Delete(receivedPath);
        }

        Xunit.Assert.Equal(approved, api);
    }
}

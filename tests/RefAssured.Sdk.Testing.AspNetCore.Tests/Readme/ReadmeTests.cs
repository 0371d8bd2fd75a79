using System.Runtime.CompilerServices;
using Xunit;

namespace RefAssured.Sdk.Testing.AspNetCore.Tests.Readme;

/// <summary>The package README's integration test is <see cref="MyApp.Tests.WebhookTests"/>, word for word, so that it compiles and passes.</summary>
public sealed class ReadmeTests
{
    private const string Fence = "```csharp\n";

    [Fact]
    public void Readme_IntegrationTestExample_IsTheCompiledWebhookTests()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "src", "RefAssured.Sdk.Testing.AspNetCore", "README.md")).ReplaceLineEndings("\n");
        var source = File.ReadAllText(Path.Combine(Here(), "WebhookTests.cs")).ReplaceLineEndings("\n");

        var start = readme.IndexOf(Fence + "using System.Net;", StringComparison.Ordinal);
        Assert.True(start >= 0, "The README has no C# block starting with the example's usings.");
        var end = readme.IndexOf("```", start + Fence.Length, StringComparison.Ordinal);

        Assert.Equal(source, readme[(start + Fence.Length)..end]);
    }

    private static string Here([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;

    private static string RepositoryRoot() => Path.GetFullPath(Path.Combine(Here(), "..", "..", ".."));
}

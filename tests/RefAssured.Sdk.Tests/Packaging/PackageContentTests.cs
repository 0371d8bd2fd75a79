using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace RefAssured.Sdk.Tests.Packaging;

/// <summary>
/// What build/pack writes to artifacts/packages, read the way NuGet reads it: each package carries
/// its own README, XML documentation, license, tags, release notes and source-control commit, and
/// has a symbol package beside it. build/test packs before it runs the tests; a run without
/// packages (dotnet test on its own) skips these tests and says why.
/// </summary>
public sealed partial class PackageContentTests
{
    public static TheoryData<string> PackageIds => new()
    {
        "RefAssured.Sdk",
        "RefAssured.Sdk.AspNetCore",
        "RefAssured.Sdk.HttpListener",
        "RefAssured.Sdk.PostgreSql",
        "RefAssured.Sdk.AspNetCore.PostgreSql",
        "RefAssured.Sdk.Testing",
        "RefAssured.Sdk.Testing.AspNetCore",
    };

    /// <summary>The libraries and the <c>refassured</c> tool, which ships under tools/ rather than lib/.</summary>
    public static TheoryData<string> AllPackageIds => new(PackageIds.Select(row => row.Data).Append(ToolId));

    private const string ToolId = "RefAssured.Cli";

    [Theory]
    [MemberData(nameof(AllPackageIds))]
    public void Package_CarriesItsOwnReadmeLicenseTagsAndReleaseNotes(string id)
    {
        using var package = ZipFile.OpenRead(PackagePath(id, ".nupkg"));
        var metadata = Metadata(package, id);

        Assert.Equal(id, Value(metadata, "id"));
        Assert.Equal("README.md", Value(metadata, "readme"));
        Assert.Equal(File.ReadAllText(Path.Combine(RepositoryRoot(), "src", id, "README.md")), ReadText(package, "README.md"));
        var license = Element(metadata, "license");
        Assert.Equal("expression", (string?)license.Attribute("type"));
        Assert.Equal("MIT", license.Value);
        Assert.Contains("MIT License", File.ReadAllText(Path.Combine(RepositoryRoot(), "LICENSE")), StringComparison.Ordinal);
        var tags = Value(metadata, "tags").Split(' ');
        Assert.Contains("refassured", tags);
        Assert.Contains("webhooks", tags);
        Assert.Contains("CHANGELOG.md", Value(metadata, "releaseNotes"), StringComparison.Ordinal);
        Assert.Contains("## [Unreleased]", ReadText(package, "CHANGELOG.md"), StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(Value(metadata, "description")));
    }

    [Theory]
    [MemberData(nameof(PackageIds))]
    public void Package_ShipsNet10AssemblyWithXmlDocumentationAndNoSymbols(string id)
    {
        using var package = ZipFile.OpenRead(PackagePath(id, ".nupkg"));
        var libraries = package.Entries.Select(e => e.FullName).Where(n => n.StartsWith("lib/", StringComparison.Ordinal)).Order(StringComparer.Ordinal);

        Assert.Equal([$"lib/net10.0/{id}.dll", $"lib/net10.0/{id}.xml"], libraries);
        Assert.Contains("<member name=\"T:", ReadText(package, $"lib/net10.0/{id}.xml"), StringComparison.Ordinal);
        Assert.DoesNotContain(package.Entries, e => e.FullName.EndsWith(".pdb", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(PackageIds))]
    public void Package_HasSymbolPackageBesideItAndNamesItsCommit(string id)
    {
        using var package = ZipFile.OpenRead(PackagePath(id, ".nupkg"));
        var repository = Element(Metadata(package, id), "repository");
        using var symbols = ZipFile.OpenRead(PackagePath(id, ".snupkg"));

        Assert.Equal("git", (string?)repository.Attribute("type"));
        Assert.Matches(CommitHash(), (string?)repository.Attribute("commit") ?? "");
        Assert.Contains(symbols.Entries, e => e.FullName == $"lib/net10.0/{id}.pdb" && e.Length > 0);
    }

    [Theory]
    [InlineData("RefAssured.Sdk.AspNetCore")]
    [InlineData("RefAssured.Sdk.HttpListener")]
    [InlineData("RefAssured.Sdk.Testing")]
    public void PackageOnTheCore_DependsOnCorePackageOfExactlyItsVersionOnly(string id)
    {
        using var package = ZipFile.OpenRead(PackagePath(id, ".nupkg"));
        var metadata = Metadata(package, id);
        var dependencies = metadata.Descendants(metadata.Name.Namespace + "dependency").ToList();

        var core = Assert.Single(dependencies);
        Assert.Equal("RefAssured.Sdk", (string?)core.Attribute("id"));
        Assert.Equal(Exactly(metadata), (string?)core.Attribute("version"));
    }

    [Fact]
    public void PostgreSqlPackage_DependsOnCorePackageOfSameVersionAndNpgsqlOnly()
    {
        const string Id = "RefAssured.Sdk.PostgreSql";
        using var package = ZipFile.OpenRead(PackagePath(Id, ".nupkg"));
        var metadata = Metadata(package, Id);
        var dependencies = metadata.Descendants(metadata.Name.Namespace + "dependency").ToDictionary(d => (string)d.Attribute("id")!, d => (string?)d.Attribute("version"));

        Assert.Equal(["Npgsql", "RefAssured.Sdk"], dependencies.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(Exactly(metadata), dependencies["RefAssured.Sdk"]);
        // A lowest version, so that an app on a later patch of Npgsql 10 meets no conflict.
        Assert.Equal("10.0.3", dependencies["Npgsql"]);
    }

    [Theory]
    [InlineData("RefAssured.Sdk.AspNetCore.PostgreSql", "RefAssured.Sdk.PostgreSql", null)]
    [InlineData("RefAssured.Sdk.Testing.AspNetCore", "RefAssured.Sdk.Testing", "Microsoft.AspNetCore.App")]
    public void PackageOnTheAdapter_DependsOnlyOnTheAdapterAndOneOtherPackageOfExactlyItsVersion(string id, string other, string? framework)
    {
        using var package = ZipFile.OpenRead(PackagePath(id, ".nupkg"));
        var metadata = Metadata(package, id);
        var dependencies = metadata.Descendants(metadata.Name.Namespace + "dependency").ToList();
        var frameworks = metadata.Descendants(metadata.Name.Namespace + "frameworkReference").Select(f => (string?)f.Attribute("name"));

        Assert.Equal(["RefAssured.Sdk.AspNetCore", other], dependencies.Select(d => (string?)d.Attribute("id")).Order(StringComparer.Ordinal));
        Assert.All(dependencies, d => Assert.Equal(Exactly(metadata), (string?)d.Attribute("version")));
        Assert.Equal(framework is null ? [] : [framework], frameworks);
    }

    [Fact]
    public void ToolPackage_DeclaresTheRefassuredCommandAndShipsItsAssembliesUnderTools()
    {
        using var package = ZipFile.OpenRead(PackagePath(ToolId, ".nupkg"));
        var metadata = Metadata(package, ToolId);
        var packageType = Assert.Single(metadata.Descendants(metadata.Name.Namespace + "packageType"));
        var settings = XDocument.Parse(ReadText(package, "tools/net10.0/any/DotnetToolSettings.xml"));
        var command = Assert.Single(settings.Descendants("Command"));
        var names = package.Entries.Select(e => e.FullName).ToList();

        Assert.Equal("DotnetTool", (string?)packageType.Attribute("name"));
        Assert.Equal("refassured", (string?)command.Attribute("Name"));
        Assert.Equal("RefAssured.Cli.dll", (string?)command.Attribute("EntryPoint"));
        Assert.DoesNotContain(names, n => n.StartsWith("lib/", StringComparison.Ordinal));
        Assert.Contains("tools/net10.0/any/RefAssured.Cli.dll", names);
        Assert.Contains("tools/net10.0/any/RefAssured.Sdk.dll", names);
        Assert.Contains("tools/net10.0/any/System.CommandLine.dll", names);
        // A tool carries what it runs on; it has no package dependencies to resolve.
        Assert.Empty(metadata.Descendants(metadata.Name.Namespace + "dependency"));
        Assert.Matches(CommitHash(), (string?)Element(metadata, "repository").Attribute("commit") ?? "");
    }

    // The packages ship together: a sibling is required at exactly the package's own version.
    private static string Exactly(XElement metadata) => $"[{Value(metadata, "version")}]";

    private static string PackagePath(string id, string extension)
    {
        var folder = Path.Combine(RepositoryRoot(), "artifacts", "packages");
        if (!Directory.Exists(folder))
        {
            Assert.Skip("No packages in artifacts/packages: run build/pack first (build/test does).");
        }

        var matches = Directory.GetFiles(folder, id + ".*" + extension)
            .Where(p => PackageFileName().IsMatch(Path.GetFileName(p)[(id.Length + 1)..]))
            .ToList();
        return Assert.Single(matches);
    }

    private static XElement Metadata(ZipArchive package, string id)
    {
        var nuspec = XDocument.Parse(ReadText(package, id + ".nuspec"));
        return nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
    }

    private static XElement Element(XElement metadata, string name) =>
        Assert.Single(metadata.Elements(), e => e.Name.LocalName == name);

    private static string Value(XElement metadata, string name) => Element(metadata, name).Value;

    private static string ReadText(ZipArchive package, string entryName)
    {
        var entry = package.GetEntry(entryName);
        Assert.NotNull(entry);
        using var reader = new StreamReader(entry.Open());
        return reader.ReadToEnd();
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "RefAssured.Sdk.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("RefAssured.Sdk.sln not found above " + AppContext.BaseDirectory);
    }

    // A version followed by the extension: "0.1.0.nupkg", so that "RefAssured.Sdk.AspNetCore.0.1.0.nupkg"
    // is not taken for a version of "RefAssured.Sdk".
    [GeneratedRegex(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?\.s?nupkg$")]
    private static partial Regex PackageFileName();

    [GeneratedRegex("^[0-9a-f]{40}$")]
    private static partial Regex CommitHash();
}

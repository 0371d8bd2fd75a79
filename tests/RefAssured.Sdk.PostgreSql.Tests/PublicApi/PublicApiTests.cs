using System.Runtime.CompilerServices;
using RefAssured.Sdk.Testing;

namespace RefAssured.Sdk.PostgreSql.Tests.PublicApi;

/// <summary>The public surface of the PostgreSQL package, approved in a committed file: any change to it shows in review.</summary>
public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_HasNotChangedUnnoticed() =>
        PublicApiApproval.Verify(typeof(PostgreSqlRefAssuredInbox).Assembly, Approved("RefAssured.Sdk.PostgreSql.approved.txt"));

    private static string Approved(string name, [CallerFilePath] string path = "") => Path.Combine(Path.GetDirectoryName(path)!, name);
}

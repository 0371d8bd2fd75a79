using RefAssured.Sdk.PostgreSql.Tests.Infrastructure;
using RefAssured.Sdk.Tests.Inbox.Contract;

namespace RefAssured.Sdk.PostgreSql.Tests.Inbox;

/// <summary>The inbox contract on PostgreSQL: each test gets an inbox in a schema of its own, in the class's database.</summary>
public sealed class PostgreSqlInboxContractTests(PostgresDatabase database) : InboxContractTests, IClassFixture<PostgresDatabase>
{
    protected override async Task<IRefAssuredInbox> CreateAsync()
    {
        var inbox = new PostgreSqlRefAssuredInbox(new PostgreSqlRefAssuredInboxOptions
        {
            ConnectionString = database.ConnectionString,
            Schema = "contract_" + Guid.NewGuid().ToString("N"),
        });
        await inbox.OpenAsync(TestContext.Current.CancellationToken);
        return inbox;
    }
}

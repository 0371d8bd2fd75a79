using Microsoft.Extensions.Options;

namespace RefAssured.Sdk.AspNetCore.PostgreSql;

/// <summary>Selects the PostgreSQL inbox after every configuration source has had its say: <c>UsePostgreSqlInbox</c> overrides <c>RefAssured:Inbox</c>.</summary>
internal sealed class PostgreSqlInboxSelection : IPostConfigureOptions<RefAssuredWebhookOptions>
{
    public void PostConfigure(string? name, RefAssuredWebhookOptions options)
    {
        if (name is null || name == Options.DefaultName)
        {
            options.Inbox = RefAssuredInboxKind.PostgreSql;
        }
    }
}

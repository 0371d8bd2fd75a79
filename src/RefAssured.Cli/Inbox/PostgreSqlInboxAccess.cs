using Npgsql;
using RefAssured.Sdk.PostgreSql;

namespace RefAssured.Cli;

/// <summary>
/// Opens an existing PostgreSQL inbox for the tool: the schema must be there already (it is never
/// created or upgraded) and no background work starts, so the tool claims no delivery and applies
/// no retention of its own. Applications may run meanwhile: replays and purges take row locks.
/// </summary>
internal static class PostgreSqlInboxAccess
{
    public static async Task<OpenInbox> OpenAsync(InboxTarget target, CancellationToken cancellationToken)
    {
        var options = new PostgreSqlRefAssuredInboxOptions { ConnectionString = ApplicationConnectionString(target.ConnectionString!), Schema = target.Name, ExistingSchemaOnly = true };
        if (options.Validate() is { Count: > 0 } problems)
        {
            throw CliException.Usage(string.Join(" ", problems));
        }

        var inbox = new PostgreSqlRefAssuredInbox(options);
        try
        {
            await inbox.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RefAssuredInboxUnavailableException)
        {
            await inbox.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new OpenInbox(inbox, inbox, (id, body, ct) => PostgreSqlDeliveryFinder.FindAsync(inbox, target, id, body, ct), inbox, target);
    }

    // Names the tool in pg_stat_activity, unless the connection string names an application already.
    private static string ApplicationConnectionString(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            builder.ApplicationName ??= "refassured inbox";
            return builder.ConnectionString;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException)
        {
            throw CliException.Usage("Invalid --postgres connection string: " + ex.Message);
        }
    }
}

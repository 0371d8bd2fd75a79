using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using RefAssured.Sdk.PostgreSql;

namespace RefAssured.Sdk.AspNetCore.PostgreSql;

/// <summary>
/// Finds the PostgreSQL inbox's connection when the application's own options set none: the
/// connection string <c>ConnectionStrings:RefAssured</c>, then an <see cref="NpgsqlDataSource"/>
/// registered in the services. Runs after every <c>configure</c>, so that one set in code wins.
/// </summary>
internal sealed class PostgreSqlInboxConnection(IServiceProvider services) : IPostConfigureOptions<PostgreSqlRefAssuredInboxOptions>
{
    /// <summary>The name of the connection string looked up: <c>RefAssured</c>, that is <c>ConnectionStrings:RefAssured</c>.</summary>
    public const string ConnectionStringName = "RefAssured";

    public const string NoConnection =
        "RefAssured:Inbox is PostgreSql, but no database is configured for the PostgreSQL inbox: set the connection string " +
        "ConnectionStrings:RefAssured (the environment variable ConnectionStrings__RefAssured), pass one to " +
        "UsePostgreSqlInbox(connectionString) or set ConnectionString or DataSource in AddPostgreSqlInbox(o => ...), " +
        "or register an NpgsqlDataSource in the services (AddNpgsqlDataSource).";

    public void PostConfigure(string? name, PostgreSqlRefAssuredInboxOptions options)
    {
        if (options.DataSource is not null || !string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return;
        }

        var configured = services.GetService<IConfiguration>()?.GetConnectionString(ConnectionStringName);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            options.ConnectionString = configured;
            return;
        }

        options.DataSource = services.GetService<NpgsqlDataSource>();
    }

    /// <summary>Builds the inbox from the options, or explains what is missing or wrong.</summary>
    public static PostgreSqlRefAssuredInbox CreateInbox(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<PostgreSqlRefAssuredInboxOptions>>().Value;
        if (options.DataSource is null && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new InvalidOperationException(NoConnection);
        }

        try
        {
            return new PostgreSqlRefAssuredInbox(options, services.GetRequiredService<TimeProvider>());
        }
        catch (ArgumentException ex) when (ex.ParamName == "options")
        {
            // The constructor refuses invalid options; the problems are listed again, here only, for a
            // message about configuration rather than about a constructor's argument.
            throw new InvalidOperationException("The PostgreSQL inbox's options are not valid: " + string.Join(" ", options.Validate()), ex);
        }
    }
}

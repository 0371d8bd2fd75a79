using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RefAssured.Sdk.AspNetCore;
using RefAssured.Sdk.AspNetCore.PostgreSql;
using RefAssured.Sdk.PostgreSql;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Stores the received RefAssured webhooks in PostgreSQL, one inbox shared by every instance of the application.</summary>
public static class RefAssuredPostgreSqlWebhooksBuilderExtensions
{
    /// <summary>
    /// Adds the PostgreSQL inbox, used when <see cref="RefAssuredWebhookOptions.Inbox"/> is
    /// <see cref="RefAssuredInboxKind.PostgreSql"/> (configuration <c>RefAssured:Inbox = PostgreSql</c>),
    /// so that configuration alone switches an application between the file inbox and PostgreSQL.
    /// The connection is, in this order: a <see cref="PostgreSqlRefAssuredInboxOptions.ConnectionString"/>
    /// or <see cref="PostgreSqlRefAssuredInboxOptions.DataSource"/> set by <paramref name="configure"/>;
    /// the connection string <c>ConnectionStrings:RefAssured</c> of the application's configuration;
    /// an <c>NpgsqlDataSource</c> registered in the services. Without any, the application does not
    /// start. The retention options of <see cref="RefAssuredWebhookOptions"/> apply; <c>Schema</c>,
    /// <c>LeaseDuration</c>, <c>PollInterval</c> and <c>InstanceName</c> are read from the
    /// subsection <c>PostgreSql</c> of the bound section (<c>RefAssured:PostgreSql:LeaseDuration</c>);
    /// <paramref name="configure"/> runs after both. When selected, the inbox's schema is created or
    /// upgraded before the application starts, and a database that cannot be reached stops the start.
    /// Calling it again adds nothing twice; each <paramref name="configure"/> given runs, in order.
    /// </summary>
    /// <param name="builder">The builder <c>AddRefAssuredWebhooks</c> returned.</param>
    /// <param name="configure">Sets the inbox's options; optional.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static RefAssuredWebhooksBuilder AddPostgreSqlInbox(this RefAssuredWebhooksBuilder builder, Action<PostgreSqlRefAssuredInboxOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<PostgreSqlRefAssuredInboxOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<PostgreSqlRefAssuredInboxOptions>, PostgreSqlInboxConfiguration>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<PostgreSqlRefAssuredInboxOptions>, PostgreSqlInboxConnection>());
        services.TryAddKeyedSingleton<IRefAssuredInbox>(RefAssuredInboxKind.PostgreSql, (provider, _) => PostgreSqlInboxConnection.CreateInbox(provider));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, PostgreSqlInboxOpener>());
        if (configure is not null)
        {
            services.Configure(configure);
        }

        return builder;
    }

    /// <summary>
    /// Adds the PostgreSQL inbox as <see cref="AddPostgreSqlInbox"/> does and uses it whatever
    /// <c>RefAssured:Inbox</c> says. The connection comes from <c>ConnectionStrings:RefAssured</c>
    /// or an <c>NpgsqlDataSource</c> registered in the services.
    /// </summary>
    /// <param name="builder">The builder <c>AddRefAssuredWebhooks</c> returned.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static RefAssuredWebhooksBuilder UsePostgreSqlInbox(this RefAssuredWebhooksBuilder builder) => Select(builder.AddPostgreSqlInbox());

    /// <summary>Adds the PostgreSQL inbox on the database of <paramref name="connectionString"/> and uses it whatever <c>RefAssured:Inbox</c> says.</summary>
    /// <param name="builder">The builder <c>AddRefAssuredWebhooks</c> returned.</param>
    /// <param name="connectionString">The Npgsql connection string, such as <c>Host=db;Database=app;Username=app;Password=…</c>.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="connectionString"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="connectionString"/> is empty or white space.</exception>
    public static RefAssuredWebhooksBuilder UsePostgreSqlInbox(this RefAssuredWebhooksBuilder builder, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return Select(builder.AddPostgreSqlInbox(o => o.ConnectionString = connectionString));
    }

    /// <summary>Adds the PostgreSQL inbox with options set in code and uses it whatever <c>RefAssured:Inbox</c> says.</summary>
    /// <param name="builder">The builder <c>AddRefAssuredWebhooks</c> returned.</param>
    /// <param name="configure">Sets the inbox's options: the connection, schema, lease.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    public static RefAssuredWebhooksBuilder UsePostgreSqlInbox(this RefAssuredWebhooksBuilder builder, Action<PostgreSqlRefAssuredInboxOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return Select(builder.AddPostgreSqlInbox(configure));
    }

    private static RefAssuredWebhooksBuilder Select(RefAssuredWebhooksBuilder builder)
    {
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<RefAssuredWebhookOptions>, PostgreSqlInboxSelection>());
        return builder;
    }
}

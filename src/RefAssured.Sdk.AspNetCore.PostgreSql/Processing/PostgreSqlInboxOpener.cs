using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RefAssured.Sdk.PostgreSql;

namespace RefAssured.Sdk.AspNetCore.PostgreSql;

/// <summary>
/// Opens the PostgreSQL inbox, when it is the one in use, while the host is starting: before any
/// hosted service starts (the RefAssured worker included) and before the server listens, so that
/// the schema is in place and a database that cannot be reached stops the start, not the first
/// request. A lifecycle hook rather than an ordinary hosted service, so that it runs first
/// wherever it was registered.
/// </summary>
internal sealed class PostgreSqlInboxOpener(IServiceProvider services) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        if (services.GetRequiredService<IRefAssuredInbox>() is not PostgreSqlRefAssuredInbox inbox)
        {
            return;
        }

        try
        {
            await inbox.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new InvalidOperationException(
                $"The PostgreSQL inbox could not open its database (schema '{inbox.Schema}'): {e.Message} " +
                $"Check the connection (ConnectionStrings:{PostgreSqlInboxConnection.ConnectionStringName} or the one given in code) " +
                "and that the server accepts connections.",
                e);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

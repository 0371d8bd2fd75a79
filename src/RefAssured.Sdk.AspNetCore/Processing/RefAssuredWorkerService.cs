using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace RefAssured.Sdk.AspNetCore;

/// <summary>
/// Runs the core worker for the life of the host. The inbox is resolved, and the file inbox opened
/// (it recovers what an earlier run stored), before the application starts, so that a missing or
/// broken inbox stops the start rather than the first request. An inbox from another package is
/// opened by that package's own hosted service, which does so while the host is starting, before
/// any service starts. On shutdown the worker stops taking deliveries and lets running handlers
/// finish within the configured timeout.
/// </summary>
internal sealed class RefAssuredWorkerService(IServiceProvider services) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (services.GetRequiredService<IRefAssuredInbox>() is FileRefAssuredInbox fileInbox)
        {
            await fileInbox.OpenAsync(cancellationToken).ConfigureAwait(false);
        }

        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        RefAssuredServiceFactory.CreateWorker(services).RunAsync(stoppingToken);
}

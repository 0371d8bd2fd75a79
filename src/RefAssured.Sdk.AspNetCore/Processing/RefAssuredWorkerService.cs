using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace RefAssured.Sdk.AspNetCore;

/// <summary>
/// Runs the core worker for the life of the host. The file inbox is opened (and recovers what an
/// earlier run stored) before the application starts; on shutdown the worker stops taking
/// deliveries and lets running handlers finish within the configured timeout.
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

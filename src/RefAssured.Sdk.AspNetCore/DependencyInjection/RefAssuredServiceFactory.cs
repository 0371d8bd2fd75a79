using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace RefAssured.Sdk.AspNetCore;

/// <summary>Builds the core's objects from the validated options; nothing here decides anything the core does not.</summary>
internal static class RefAssuredServiceFactory
{
    public const string NoPostgreSqlInbox =
        "RefAssured:Inbox is PostgreSql, but no PostgreSQL inbox is registered: add the RefAssured.Sdk.AspNetCore.PostgreSql " +
        "package and call AddPostgreSqlInbox() on AddRefAssuredWebhooks().";

    public static IRefAssuredInbox CreateInbox(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<RefAssuredWebhookOptions>>().Value;
        var timeProvider = services.GetRequiredService<TimeProvider>();
        return options.Inbox switch
        {
            RefAssuredInboxKind.InMemory => new InMemoryRefAssuredInbox(options.InMemoryInboxCapacity, timeProvider)
            {
                MaxBufferedBytes = options.MaxBufferedBytes,
            },

            // Registered by the PostgreSQL package, so that this package needs no database driver.
            RefAssuredInboxKind.PostgreSql => services.GetKeyedService<IRefAssuredInbox>(RefAssuredInboxKind.PostgreSql)
                ?? throw new InvalidOperationException(NoPostgreSqlInbox),
            _ => new FileRefAssuredInbox(
                new FileRefAssuredInboxOptions
                {
                    Directory = options.InboxDirectory,
                    Retention = options.InboxRetention,
                    CompletedBodyRetention = options.InboxCompletedBodyRetention,
                    DeadLetterRetention = options.InboxDeadLetterRetention,
                    SizeQuota = options.InboxSizeQuota,
                    Observer = services.GetRequiredService<RefAssuredLoggingObserver>(),
                },
                timeProvider),
        };
    }

    public static RefAssuredReceiver CreateReceiver(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<RefAssuredWebhookOptions>>().Value;
        var receiverOptions = new RefAssuredReceiverOptions
        {
            Keys = RefAssuredKeyReload.KeysOf(options),
            KeyResolver = services.GetService<IRefAssuredKeyResolver>(),
            MaxBodySize = options.MaxBodySize,
            MaxBufferedBytes = options.MaxBufferedBytes,
            RequireHttps = options.RequireHttps ?? true,
            Observer = services.GetRequiredService<RefAssuredLoggingObserver>(),
        };
        services.GetRequiredService<RefAssuredKeyReload>().Follow(receiverOptions);
        return new RefAssuredReceiver(services.GetRequiredService<IRefAssuredInbox>(), receiverOptions, services.GetRequiredService<TimeProvider>());
    }

    public static RefAssuredWorker CreateWorker(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<RefAssuredWebhookOptions>>().Value;
        var workerOptions = new RefAssuredWorkerOptions
        {
            MaxConcurrency = options.MaxConcurrency,
            ShutdownTimeout = options.ShutdownTimeout,
            StoreExceptionMessages = options.StoreExceptionMessages,
            RetryPolicy = options.Retry.ToPolicy(),
            Observer = services.GetRequiredService<RefAssuredLoggingObserver>(),
        };
        return new RefAssuredWorker(
            services.GetRequiredService<IRefAssuredInbox>(),
            services.GetRequiredService<IRefAssuredDispatcher>(),
            workerOptions,
            services.GetRequiredService<TimeProvider>());
    }
}

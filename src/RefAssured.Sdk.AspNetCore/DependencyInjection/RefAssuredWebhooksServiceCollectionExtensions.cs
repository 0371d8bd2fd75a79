using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RefAssured.Sdk.AspNetCore;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the services that receive RefAssured webhooks and handle them in the background.</summary>
public static class RefAssuredWebhooksServiceCollectionExtensions
{
    /// <summary>
    /// Adds the RefAssured webhook services with options bound from the given configuration
    /// section instead of the conventional <c>RefAssured</c> one. The keys follow the section when
    /// its configuration reloads. Calling it again adds nothing twice; the last section given is bound.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configuration">The section holding <see cref="RefAssuredWebhookOptions"/> (<c>Key</c>, <c>MaxBodySize</c>, <c>Inbox</c>, …).</param>
    /// <returns>A builder to register handlers with <see cref="RefAssuredWebhooksBuilder.AddHandler{THandler}"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configuration"/> is <see langword="null"/>.</exception>
    public static RefAssuredWebhooksBuilder AddRefAssuredWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var builder = AddServices(services);
        builder.Registry.Configuration = configuration;
        return builder;
    }

    /// <summary>
    /// Adds the RefAssured webhook services with options set in code; no configuration section is
    /// bound unless <c>AddRefAssuredWebhooks()</c> or <c>AddRefAssuredWebhooks(IConfiguration)</c>
    /// is called too. Calling it again adds nothing twice.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configure">Sets the options; runs after any configuration binding.</param>
    /// <returns>A builder to register handlers with <see cref="RefAssuredWebhooksBuilder.AddHandler{THandler}"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    public static RefAssuredWebhooksBuilder AddRefAssuredWebhooks(this IServiceCollection services, Action<RefAssuredWebhookOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var builder = AddServices(services);
        services.Configure(configure);
        return builder;
    }

    /// <summary>
    /// Adds the RefAssured webhook services with options bound from the section <c>RefAssured</c>
    /// of the application's configuration: the receive pipeline, the inbox (the durable file
    /// inbox unless <see cref="RefAssuredWebhookOptions.Inbox"/> says otherwise; an
    /// <see cref="IRefAssuredInbox"/> registered before this call replaces it), the hosted worker,
    /// logging and start-up validation of the options. When <c>RefAssured:Key</c> is not set, the
    /// key is read from <c>REFASSURED_WEBHOOK_KEY</c> (a configuration value, then the environment
    /// variable). The keys follow the configuration when it reloads. Calling it again adds nothing twice.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <returns>A builder to register handlers with <see cref="RefAssuredWebhooksBuilder.AddHandler{THandler}"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    public static RefAssuredWebhooksBuilder AddRefAssuredWebhooks(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = AddServices(services);
        builder.Registry.BindsDefaultSection = true;
        return builder;
    }

    private static RefAssuredWebhooksBuilder AddServices(IServiceCollection services)
    {
        var registry = FindRegistry(services);
        if (registry is not null)
        {
            return new RefAssuredWebhooksBuilder(services, registry);
        }

        registry = new RefAssuredWebhooksRegistry();
        services.AddSingleton(registry);
        services.AddOptions<RefAssuredWebhookOptions>()
            .PostConfigure<IServiceProvider>(ApplyDefaults)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RefAssuredWebhookOptions>, RefAssuredWebhookOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RefAssuredWebhookOptions>, RefAssuredWebhookOptionsRules>());

        // Bound before any Configure of the application's, which is registered later and so runs later.
        services.AddSingleton<RefAssuredConfigurationBinding>();
        services.AddSingleton<IConfigureOptions<RefAssuredWebhookOptions>>(sp => sp.GetRequiredService<RefAssuredConfigurationBinding>());
        services.TryAddSingleton<RefAssuredKeyReload>();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RefAssuredLoggingObserver>();
        services.TryAddSingleton(RefAssuredServiceFactory.CreateInbox);
        services.TryAddSingleton(sp => (sp.GetRequiredService<IRefAssuredInbox>() as IRefAssuredDeadLetterStore)!);
        services.TryAddSingleton(sp => (sp.GetRequiredService<IRefAssuredInbox>() as IRefAssuredInboxMonitor)!);
        services.TryAddSingleton(RefAssuredServiceFactory.CreateReceiver);
        services.TryAddSingleton<IRefAssuredDispatcher>(sp => new RefAssuredScopedDispatcher(
            sp.GetRequiredService<IServiceScopeFactory>(), registry.BuildDispatcher()));
        services.TryAddSingleton<RefAssuredWebhookEndpoint>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RefAssuredWorkerService>());
        return new RefAssuredWebhooksBuilder(services, registry);
    }

    private static void ApplyDefaults(RefAssuredWebhookOptions options, IServiceProvider services)
    {
        if (string.IsNullOrEmpty(options.Key))
        {
            var configured = (services.GetService(typeof(IConfiguration)) as IConfiguration)?[RefAssuredWebhookOptions.KeyEnvironmentVariable];
            options.Key = string.IsNullOrEmpty(configured)
                ? Environment.GetEnvironmentVariable(RefAssuredWebhookOptions.KeyEnvironmentVariable)
                : configured;
        }

        // HTTPS is required unless the application says otherwise or runs in Development.
        options.RequireHttps ??= !((services.GetService(typeof(IHostEnvironment)) as IHostEnvironment)?.IsDevelopment() ?? false);
    }

    private static RefAssuredWebhooksRegistry? FindRegistry(IServiceCollection services)
    {
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType == typeof(RefAssuredWebhooksRegistry) && !descriptor.IsKeyedService)
            {
                return descriptor.ImplementationInstance as RefAssuredWebhooksRegistry;
            }
        }

        return null;
    }
}

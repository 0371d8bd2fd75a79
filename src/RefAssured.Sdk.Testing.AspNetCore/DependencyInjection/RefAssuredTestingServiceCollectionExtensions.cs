using Microsoft.Extensions.Options;
using RefAssured.Sdk.AspNetCore;
using RefAssured.Sdk.Testing.Recording;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Lets integration tests learn what an application's RefAssured handlers did with each delivery.</summary>
public static class RefAssuredTestingServiceCollectionExtensions
{
    /// <summary>
    /// Records the outcome of every processing attempt of the application's RefAssured handlers by
    /// delivery id, for <c>PostRefAssuredEventAsync</c> to wait for. It wraps the registered
    /// <see cref="IRefAssuredDispatcher"/>, so it must come after <c>AddRefAssuredWebhooks</c>: from a
    /// test, call it in <c>ConfigureTestServices</c> (<c>WebApplicationFactory</c>) or after the
    /// application's own registrations. It changes nothing the handlers see or do. Calling it again adds nothing twice.
    /// </summary>
    /// <param name="services">The services of the application under test.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException"><c>AddRefAssuredWebhooks</c> has not been called on <paramref name="services"/> yet.</exception>
    public static IServiceCollection AddRefAssuredTesting(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(DeliveryAttemptRecorder)))
        {
            return services;
        }

        var index = FindLastIndex(services, typeof(IRefAssuredDispatcher));
        if (index < 0)
        {
            throw new InvalidOperationException(
                "Unable to find the RefAssured webhook services to record. Call AddRefAssuredTesting() after AddRefAssuredWebhooks(...): " +
                "with WebApplicationFactory, in builder.ConfigureTestServices(services => services.AddRefAssuredTesting()).");
        }

        var original = services[index];
        services.AddSingleton<DeliveryAttemptRecorder>();
        services[index] = ServiceDescriptor.Describe(
            typeof(IRefAssuredDispatcher),
            sp => new RecordingDispatcher(
                CreateOriginal(original, sp),
                sp.GetRequiredService<DeliveryAttemptRecorder>(),
                sp.GetRequiredService<IOptions<RefAssuredWebhookOptions>>().Value.Retry.MaxAttempts),
            original.Lifetime);
        return services;
    }

    private static int FindLastIndex(IServiceCollection services, Type serviceType)
    {
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == serviceType && !services[i].IsKeyedService)
            {
                return i;
            }
        }

        return -1;
    }

    private static IRefAssuredDispatcher CreateOriginal(ServiceDescriptor original, IServiceProvider services) =>
        (IRefAssuredDispatcher)(original.ImplementationInstance
            ?? original.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, original.ImplementationType!));
}

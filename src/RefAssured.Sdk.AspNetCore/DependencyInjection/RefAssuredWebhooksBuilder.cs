using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RefAssured.Sdk;
using RefAssured.Sdk.AspNetCore;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the application's handlers and key resolver for RefAssured webhooks; returned by <c>AddRefAssuredWebhooks</c>.</summary>
public sealed class RefAssuredWebhooksBuilder
{
    internal RefAssuredWebhooksBuilder(IServiceCollection services, RefAssuredWebhooksRegistry registry)
    {
        Services = services;
        Registry = registry;
    }

    /// <summary>Gets the application's services.</summary>
    public IServiceCollection Services { get; }

    internal RefAssuredWebhooksRegistry Registry { get; }

    /// <summary>
    /// Registers a handler class, scoped: each delivery is handled with its own instance from its
    /// own DI scope, so the handler can take a <c>DbContext</c> or other scoped services. The class
    /// handles every event type whose <see cref="IRefAssuredHandler{TEvent}"/> it implements (one
    /// implementing <c>IRefAssuredHandler&lt;RefAssuredEvent&gt;</c> gets all four). Several
    /// handlers of one event type run in registration order. Registering a class twice has no effect.
    /// </summary>
    /// <typeparam name="THandler">The handler class.</typeparam>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException"><typeparamref name="THandler"/> implements no <see cref="IRefAssuredHandler{TEvent}"/> of a RefAssured event.</exception>
    public RefAssuredWebhooksBuilder AddHandler<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>()
        where THandler : class
    {
        if (Registry.HandlerTypes.Contains(typeof(THandler)))
        {
            return this;
        }

        var name = typeof(THandler).FullName ?? typeof(THandler).Name;
        var handled = new List<Action<RefAssuredDispatcherBuilder>>();
        Collect<THandler, SalesOptIn>(handled, name);
        Collect<THandler, CandidateOptIn>(handled, name);
        Collect<THandler, CandidateNote>(handled, name);
        Collect<THandler, ReferenceReport>(handled, name);
        if (handled.Count == 0)
        {
            throw new ArgumentException(
                $"{typeof(THandler).Name} handles no RefAssured event: implement IRefAssuredHandler<T> for SalesOptIn, CandidateOptIn, CandidateNote or ReferenceReport.",
                nameof(THandler));
        }

        Registry.TryAddHandlerType(typeof(THandler));
        handled.ForEach(Registry.AddRegistration);
        Services.TryAddScoped<THandler>();
        return this;
    }

    /// <summary>
    /// Registers a resolver that picks the valid keys per request (a tenant in the route, say),
    /// as a singleton. With a resolver, the configured keys are not used and none is required.
    /// </summary>
    /// <typeparam name="TResolver">The resolver class.</typeparam>
    /// <returns>This builder.</returns>
    public RefAssuredWebhooksBuilder AddKeyResolver<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TResolver>()
        where TResolver : class, IRefAssuredKeyResolver
    {
        Services.TryAddSingleton<IRefAssuredKeyResolver, TResolver>();
        return this;
    }

    // Only the four closed interfaces are checked, so nothing depends on reflection that trimming removes.
    private static void Collect<THandler, TEvent>(List<Action<RefAssuredDispatcherBuilder>> handled, string name)
        where THandler : class
        where TEvent : RefAssuredEvent
    {
        if (typeof(IRefAssuredHandler<TEvent>).IsAssignableFrom(typeof(THandler)))
        {
            handled.Add(builder => builder.On<TEvent>(
                (evt, context, cancellationToken) =>
                    ((IRefAssuredHandler<TEvent>)RefAssuredScopedDispatcher.GetRequiredService<THandler>()).HandleAsync(evt, context, cancellationToken),
                name));
        }
    }
}

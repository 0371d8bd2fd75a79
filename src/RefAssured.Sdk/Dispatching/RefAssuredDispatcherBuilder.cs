namespace RefAssured.Sdk;

/// <summary>
/// Registers handlers without a dependency-injection container and builds an
/// <see cref="IRefAssuredDispatcher"/>. Several handlers per event type are allowed; they run in
/// registration order. Nothing is looked up by reflection when a delivery is dispatched.
/// </summary>
/// <example>
/// <code>
/// var dispatcher = new RefAssuredDispatcherBuilder()
///     .On&lt;SalesOptIn&gt;((lead, context, ct) => crm.AddLeadAsync(lead, ct))
///     .AddHandler(new ReportArchiver())
///     .Build();
/// </code>
/// </example>
public sealed class RefAssuredDispatcherBuilder
{
    private readonly List<HandlerRegistration> _registrations = [];

    /// <summary>Registers a handler instance for its event type.</summary>
    /// <typeparam name="TEvent">The event type handled.</typeparam>
    /// <param name="handler">The handler; its type's full name is its stable name.</param>
    /// <param name="name">A stable name for the handler, used to remember its success across retries; defaults to its type's full name.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="handler"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A handler with the same name is already registered for the event type.</exception>
    public RefAssuredDispatcherBuilder AddHandler<TEvent>(IRefAssuredHandler<TEvent> handler, string? name = null)
        where TEvent : RefAssuredEvent
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Add(HandlerRegistration.For<TEvent>(name ?? handler.GetType().FullName ?? handler.GetType().Name, handler.HandleAsync));
    }

    /// <summary>Registers a lambda as a handler for an event type.</summary>
    /// <typeparam name="TEvent">The event type handled.</typeparam>
    /// <param name="handler">The code to run for each event.</param>
    /// <param name="name">A stable name, used to remember the handler's success across retries; defaults to <c>On&lt;TEvent&gt;#n</c>, n counting the lambdas of that event type from 1.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="handler"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A handler with the same name is already registered for the event type.</exception>
    public RefAssuredDispatcherBuilder On<TEvent>(Func<TEvent, RefAssuredEventContext, CancellationToken, Task> handler, string? name = null)
        where TEvent : RefAssuredEvent
    {
        ArgumentNullException.ThrowIfNull(handler);
        var prefix = $"On<{typeof(TEvent).Name}>#";
        name ??= prefix + (_registrations.Count(r => r.Name.StartsWith(prefix, StringComparison.Ordinal)) + 1);
        return Add(HandlerRegistration.For(name, handler));
    }

    /// <summary>Builds the dispatcher. The builder can go on being used; later registrations do not affect it.</summary>
    /// <returns>A dispatcher over the handlers registered so far.</returns>
    public IRefAssuredDispatcher Build() => new RefAssuredDispatcher(_registrations.ToArray());

    private RefAssuredDispatcherBuilder Add(HandlerRegistration registration)
    {
        if (_registrations.Any(r => r.EventType == registration.EventType && r.Name == registration.Name))
        {
            throw new ArgumentException($"A handler named '{registration.Name}' is already registered for {registration.EventType}; give it another name.", nameof(registration));
        }

        _registrations.Add(registration);
        return this;
    }
}

namespace RefAssured.Sdk.AspNetCore;

/// <summary>
/// What <c>AddRefAssuredWebhooks</c> recorded: the handlers, and where the options come from.
/// One per service collection; its presence also tells <c>MapRefAssuredWebhooks</c> that the
/// services were added.
/// </summary>
internal sealed class RefAssuredWebhooksRegistry
{
    private readonly HashSet<Type> _handlerTypes = [];
    private readonly List<Action<RefAssuredDispatcherBuilder>> _registrations = [];

    /// <summary>Gets or sets the path of the bound configuration section, such as <c>RefAssured</c>, when there is one.</summary>
    public string? ConfigurationPath { get; set; }

    /// <summary>Gets the handler types registered, in order.</summary>
    public IReadOnlyCollection<Type> HandlerTypes => _handlerTypes;

    /// <summary>Names a setting as the user would set it: <c>RefAssured:Key</c> when bound from configuration.</summary>
    public string DescribeSetting(string setting) => ConfigurationPath is { Length: > 0 } path
        ? $"the configuration key '{path}:{setting}'"
        : $"{nameof(RefAssuredWebhookOptions)}.{setting.Replace(':', '.')}";

    public bool TryAddHandlerType(Type type) => _handlerTypes.Add(type);

    public void AddRegistration(Action<RefAssuredDispatcherBuilder> registration) => _registrations.Add(registration);

    public IRefAssuredDispatcher BuildDispatcher()
    {
        var builder = new RefAssuredDispatcherBuilder();
        foreach (var registration in _registrations)
        {
            registration(builder);
        }

        return builder.Build();
    }
}

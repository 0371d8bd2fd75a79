using Microsoft.Extensions.Configuration;

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

    /// <summary>Gets or sets the configuration given to <c>AddRefAssuredWebhooks(IConfiguration)</c>; it replaces the conventional section.</summary>
    public IConfiguration? Configuration { get; set; }

    /// <summary>Gets or sets whether the section <c>RefAssured</c> of the application's configuration is bound when no other configuration was given.</summary>
    public bool BindsDefaultSection { get; set; }

    /// <summary>Gets the path of the bound configuration section, such as <c>RefAssured</c>, when there is one.</summary>
    public string? ConfigurationPath => Configuration is not null
        ? (Configuration as IConfigurationSection)?.Path
        : BindsDefaultSection ? RefAssuredWebhookOptions.DefaultSectionName : null;

    /// <summary>Gets the handler types registered, in order.</summary>
    public IReadOnlyCollection<Type> HandlerTypes => _handlerTypes;

    /// <summary>Names a setting as the user would set it: <c>RefAssured:Key</c> when bound from configuration.</summary>
    public string DescribeSetting(string setting) => ConfigurationPath is { Length: > 0 } path
        ? $"the configuration key '{path}:{setting}'"
        : $"{nameof(RefAssuredWebhookOptions)}.{setting.Replace(':', '.')}";

    /// <summary>The configuration the options are bound from, if any.</summary>
    public IConfiguration? ResolveConfiguration(IServiceProvider services) =>
        Configuration ?? (BindsDefaultSection && services.GetService(typeof(IConfiguration)) is IConfiguration root
            ? root.GetSection(RefAssuredWebhookOptions.DefaultSectionName)
            : null);

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

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace RefAssured.Sdk.AspNetCore;

/// <summary>
/// Binds the options from the section <c>AddRefAssuredWebhooks</c> chose (a given section, or
/// <c>RefAssured</c> of the application's configuration) and tells when that configuration
/// reloads. The section is looked up when the options are built, so the last call decides and a
/// section is never bound twice. It is deliberately not an options change-token source: the
/// options monitor would throw a validation failure at whatever reloaded the configuration;
/// <see cref="RefAssuredKeyReload"/> follows the reloads instead and logs such failures.
/// </summary>
internal sealed class RefAssuredConfigurationBinding(RefAssuredWebhooksRegistry registry, IServiceProvider services)
    : IConfigureOptions<RefAssuredWebhookOptions>
{
    // Without configuration to bind, a token that never fires.
    private static readonly IChangeToken Unchanging = new CancellationChangeToken(CancellationToken.None);

    public void Configure(RefAssuredWebhookOptions options)
    {
        if (registry.ResolveConfiguration(services) is { } configuration)
        {
            configuration.Bind(options);
        }
    }

    public IChangeToken GetChangeToken() => registry.ResolveConfiguration(services)?.GetReloadToken() ?? Unchanging;
}

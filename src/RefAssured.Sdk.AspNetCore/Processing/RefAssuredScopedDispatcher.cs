using Microsoft.Extensions.DependencyInjection;

namespace RefAssured.Sdk.AspNetCore;

/// <summary>
/// Runs the core dispatcher inside a DI scope of its own for each delivery, so that every
/// handler of one delivery shares that delivery's scoped services and none outlive it.
/// </summary>
internal sealed class RefAssuredScopedDispatcher(IServiceScopeFactory scopes, IRefAssuredDispatcher inner) : IRefAssuredDispatcher
{
    // The core dispatcher calls handlers as registered lambdas; they find the delivery's scope here.
    private static readonly AsyncLocal<IServiceProvider?> Current = new();

    public async Task<RefAssuredDispatchResult> DispatchAsync(RefAssuredDelivery delivery, CancellationToken cancellationToken)
    {
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            Current.Value = scope.ServiceProvider;
            return await inner.DispatchAsync(delivery, cancellationToken).ConfigureAwait(false);
        }
    }

    public static T GetRequiredService<T>()
        where T : notnull =>
        (Current.Value ?? throw new InvalidOperationException("RefAssured handlers are resolved only while a delivery is dispatched."))
            .GetRequiredService<T>();
}

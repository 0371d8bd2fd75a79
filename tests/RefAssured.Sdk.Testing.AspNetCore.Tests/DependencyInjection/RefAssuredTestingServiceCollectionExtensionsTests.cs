using Microsoft.Extensions.DependencyInjection;
using RefAssured.Sdk.Testing.AspNetCore.Tests.Infrastructure;
using RefAssured.Sdk.Testing.Recording;
using Xunit;

namespace RefAssured.Sdk.Testing.AspNetCore.Tests.DependencyInjection;

public sealed class RefAssuredTestingServiceCollectionExtensionsTests
{
    [Fact]
    public void AddRefAssuredTesting_BeforeAddRefAssuredWebhooks_ThrowsNamingTheOrder()
    {
        var services = new ServiceCollection();

        var error = Assert.Throws<InvalidOperationException>(services.AddRefAssuredTesting);

        Assert.Contains("after AddRefAssuredWebhooks", error.Message, StringComparison.Ordinal);
        Assert.Contains("ConfigureTestServices", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddRefAssuredTesting_CalledTwice_WrapsTheDispatcherOnce()
    {
        var services = new ServiceCollection();
        services.AddRefAssuredWebhooks(o => o.Key = TestApp.Key);

        services.AddRefAssuredTesting().AddRefAssuredTesting();

        Assert.Single(services, d => d.ServiceType == typeof(IRefAssuredDispatcher));
        Assert.Single(services, d => d.ServiceType == typeof(DeliveryAttemptRecorder));
    }

    [Fact]
    public async Task AddRefAssuredTesting_ApplicationsOwnDispatcher_IsWrappedAndKept()
    {
        var own = new FixedDispatcher();
        var services = new ServiceCollection();
        services.AddRefAssuredWebhooks(o => o.Key = TestApp.Key);
        services.AddSingleton<IRefAssuredDispatcher>(own);

        services.AddRefAssuredTesting();
        using var provider = services.BuildServiceProvider();
        var dispatcher = provider.GetRequiredService<IRefAssuredDispatcher>();

        Assert.IsType<RecordingDispatcher>(dispatcher);
        var result = await dispatcher.DispatchAsync(new RefAssuredDelivery("d1", RefAssuredEventType.SalesOptIn, DateTimeOffset.UnixEpoch, default), CancellationToken.None);
        Assert.Same(FixedDispatcher.Result, result);
    }

    private sealed class FixedDispatcher : IRefAssuredDispatcher
    {
        public static readonly RefAssuredDispatchResult Result = new([]);

        public Task<RefAssuredDispatchResult> DispatchAsync(RefAssuredDelivery delivery, CancellationToken cancellationToken) => Task.FromResult(Result);
    }
}

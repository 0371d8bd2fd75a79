using Microsoft.Extensions.Configuration;

namespace RefAssured.Sdk.AspNetCore.Tests.DependencyInjection;

public sealed class KeyReloadTests
{
    private const string KeyA = "key-a-0123456789";
    private const string KeyB = "key-b-9876543210";

    [Fact]
    public async Task Rotation_NewKeyWithTheOldAsAdditional_ThenOldRemoved_AppliesWithoutRestart()
    {
        var source = new ReloadableSettings(new() { ["RefAssured:Key"] = KeyA });
        await using var host = await WebhookHost.StartAsync((builder, _) => ((IConfigurationBuilder)builder.Configuration).Add(source));
        await HttpAssert.AcceptedAsync(await host.PostEventAsync("sales-optin", Samples.SalesOptIn, key: KeyA));
        await HttpAssert.ProblemAsync(await host.PostEventAsync("sales-optin", Samples.SalesOptIn, key: KeyB), 401, "key-mismatch");

        source.Replace(new() { ["RefAssured:Key"] = KeyB, ["RefAssured:AdditionalKeys:0"] = KeyA });
        await WaitForStatusAsync(host, KeyB, 200);
        await HttpAssert.AcceptedAsync(await host.PostEventAsync("sales-optin", Samples.SalesOptIn, key: KeyA));

        source.Replace(new() { ["RefAssured:Key"] = KeyB });
        await WaitForStatusAsync(host, KeyA, 401);
        await HttpAssert.ProblemAsync(await host.PostEventAsync("sales-optin", Samples.SalesOptIn, key: KeyA), 401, "key-mismatch");
        await HttpAssert.AcceptedAsync(await host.PostEventAsync("sales-optin", Samples.SalesOptIn, key: KeyB));
    }

    [Fact]
    public async Task Reload_KeyWithStraySpace_KeepsTheKeysInUseAndLogsAnError()
    {
        var source = new ReloadableSettings(new() { ["RefAssured:Key"] = KeyA });
        await using var host = await WebhookHost.StartAsync((builder, _) => ((IConfigurationBuilder)builder.Configuration).Add(source));
        await HttpAssert.AcceptedAsync(await host.PostEventAsync("sales-optin", Samples.SalesOptIn, key: KeyA));

        source.Replace(new() { ["RefAssured:Key"] = KeyB + " " });

        var error = Assert.Single(host.Logs.For(RefAssuredKeyReload.KeyReloadRefusedId));
        Assert.Equal(LogLevel.Error, error.Level);
        Assert.Contains("'RefAssured:Key' starts or ends with white space", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(KeyB, error.Message, StringComparison.Ordinal);
        await HttpAssert.AcceptedAsync(await host.PostEventAsync("sales-optin", Samples.SalesOptIn, key: KeyA));
        await HttpAssert.ProblemAsync(await host.PostEventAsync("sales-optin", Samples.SalesOptIn, key: KeyB + " "), 401, "key-mismatch");

        // A valid change after the refused one applies as usual.
        source.Replace(new() { ["RefAssured:Key"] = KeyB });
        await WaitForStatusAsync(host, KeyB, 200);
    }

    [Fact]
    public async Task ChangeBeforeTheFirstRequest_AppliesToIt()
    {
        var source = new ReloadableSettings(new() { ["RefAssured:Key"] = KeyA });
        await using var host = await WebhookHost.StartAsync((builder, _) => ((IConfigurationBuilder)builder.Configuration).Add(source));

        source.Replace(new() { ["RefAssured:Key"] = KeyB });

        await HttpAssert.AcceptedAsync(await host.PostEventAsync("sales-optin", Samples.SalesOptIn, key: KeyB));
        await HttpAssert.ProblemAsync(await host.PostEventAsync("sales-optin", Samples.SalesOptIn, key: KeyA), 401, "key-mismatch");
    }

    [Fact]
    public async Task InvalidChangeBeforeTheFirstRequest_KeepsTheKeysOfStartAndLogsAnError()
    {
        var source = new ReloadableSettings(new() { ["RefAssured:Key"] = KeyA });
        await using var host = await WebhookHost.StartAsync((builder, _) => ((IConfigurationBuilder)builder.Configuration).Add(source));

        source.Replace(new() { ["RefAssured:Key"] = " " + KeyB });

        await HttpAssert.AcceptedAsync(await host.PostEventAsync("sales-optin", Samples.SalesOptIn, key: KeyA));
        Assert.Single(host.Logs.For(RefAssuredKeyReload.KeyReloadRefusedId));
    }

    [Fact]
    public async Task Disposal_StopsFollowingTheConfiguration()
    {
        var source = new ReloadableSettings(new() { ["RefAssured:Key"] = KeyA });
        var host = await WebhookHost.StartAsync((builder, _) => ((IConfigurationBuilder)builder.Configuration).Add(source));
        var reload = host.Get<RefAssuredKeyReload>();
        var receiverOptions = new RefAssuredReceiverOptions();
        reload.Follow(receiverOptions);
        Assert.Equal(1, receiverOptions.Keys.Count);
        await host.DisposeAsync();
        var keysAtDisposal = receiverOptions.Keys;

        source.Replace(new() { ["RefAssured:Key"] = KeyB });

        Assert.Same(keysAtDisposal, receiverOptions.Keys);
    }

    // Configuration reloads call back synchronously here, but the wait does not rely on it.
    private static async Task WaitForStatusAsync(WebhookHost host, string key, int status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            using var response = await host.PostEventAsync("sales-optin", Samples.SalesOptIn, key: key);
            if ((int)response.StatusCode == status)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Still {(int)response.StatusCode}, not {status}, 60 s after the configuration changed.");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>A configuration source whose values a test replaces, announcing a reload as a changed file would.</summary>
    private sealed class ReloadableSettings(Dictionary<string, string?> initial) : ConfigurationProvider, IConfigurationSource
    {
        public IConfigurationProvider Build(IConfigurationBuilder builder) => this;

        public override void Load() => Data = new Dictionary<string, string?>(initial, StringComparer.OrdinalIgnoreCase);

        public void Replace(Dictionary<string, string?> values)
        {
            Data = new Dictionary<string, string?>(values, StringComparer.OrdinalIgnoreCase);
            OnReload();
        }
    }
}

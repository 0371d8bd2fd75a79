using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace RefAssured.Sdk.AspNetCore.Tests.Diagnostics;

public sealed class RefAssuredInboxHealthCheckTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    private readonly InMemoryRefAssuredInbox _inbox;

    public RefAssuredInboxHealthCheckTests() => _inbox = new InMemoryRefAssuredInbox(timeProvider: _time);

    [Fact]
    public async Task EmptyInbox_IsHealthy_WithItsFigures()
    {
        var result = await CheckAsync(new RefAssuredHealthCheckOptions());

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Equal(0, result.Data["depth"]);
        Assert.Equal(0, result.Data["deadLettered"]);
        Assert.Equal(0.0, result.Data["oldestWaitingAgeSeconds"]);
    }

    [Fact]
    public async Task DepthAtDegradedThreshold_IsDegraded()
    {
        await AppendAsync(2);

        var result = await CheckAsync(new RefAssuredHealthCheckOptions { DegradedDepth = 2, UnhealthyDepth = 3 });

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Equal(2, result.Data["depth"]);
        Assert.Contains("inbox depth (2)", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OldestDeliveryWaitingTooLong_IsUnhealthy()
    {
        await AppendAsync(1);
        _time.Advance(TimeSpan.FromMinutes(90));

        var result = await CheckAsync(new RefAssuredHealthCheckOptions());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal(5400.0, result.Data["oldestWaitingAgeSeconds"]);
        Assert.Contains("Unhealthy threshold (01:00:00)", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeadLetter_IsDegradedByDefault_AndUnhealthyWhenConfigured()
    {
        var delivery = (await AppendAsync(1))[0];
        await foreach (var handedOut in _inbox.ReadAsync(TestContext.Current.CancellationToken))
        {
            await _inbox.FailAsync(handedOut, new RefAssuredDeliveryFailure("failed for good", RetryAt: null), TestContext.Current.CancellationToken);
            break;
        }

        var byDefault = await CheckAsync(new RefAssuredHealthCheckOptions());
        var strict = await CheckAsync(new RefAssuredHealthCheckOptions { UnhealthyDeadLetters = 1 });
        var off = await CheckAsync(new RefAssuredHealthCheckOptions { DegradedDeadLetters = null });

        Assert.NotNull(await _inbox.GetDeadLetterAsync(delivery.DeliveryId, TestContext.Current.CancellationToken));
        Assert.Equal(HealthStatus.Degraded, byDefault.Status);
        Assert.Equal(1, byDefault.Data["deadLettered"]);
        Assert.Equal(HealthStatus.Unhealthy, strict.Status);
        Assert.Equal(HealthStatus.Healthy, off.Status);
    }

    [Fact]
    public async Task AddHealthChecks_AddRefAssuredWebhooks_RegistersTheCheck()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddRefAssuredWebhooks(o => { o.Key = "k"; o.Inbox = RefAssuredInboxKind.InMemory; });
        services.AddHealthChecks().AddRefAssuredWebhooks(tags: ["ready"]);
        await using var provider = services.BuildServiceProvider();

        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync(TestContext.Current.CancellationToken);

        var entry = Assert.Single(report.Entries);
        Assert.Equal("refassured", entry.Key);
        Assert.Equal(HealthStatus.Healthy, entry.Value.Status);
        Assert.Equal(["ready"], entry.Value.Tags);
    }

    [Fact]
    public async Task MonitorThatThrows_IsUnhealthy_NamingTheExceptionTypeButNotItsMessage()
    {
        var failing = new FailingMonitor(new RefAssuredInboxUnavailableException(
            "The database cannot be reached.", new IOException("Host=db.internal;Password=secret")));
        var services = new ServiceCollection().AddSingleton<IRefAssuredInboxMonitor>(failing).BuildServiceProvider();
        var check = new RefAssuredInboxHealthCheck(services, Options.Create(new RefAssuredWebhookOptions()), _time);

        var result = await check.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal(
            "The inbox is unreachable: its statistics could not be read (RefAssuredInboxUnavailableException (IOException)).",
            result.Description);
        Assert.DoesNotContain("secret", result.Description, StringComparison.Ordinal);
        Assert.Equal(1, failing.Calls);
    }

    [Fact]
    public async Task MonitorThatThrows_ThroughTheHealthCheckService_ReportsTheRegisteredFailureStatus()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddRefAssuredWebhooks(o => { o.Key = "k"; o.Inbox = RefAssuredInboxKind.InMemory; });
        services.AddSingleton<IRefAssuredInboxMonitor>(new FailingMonitor(new TimeoutException()));
        services.AddHealthChecks().AddRefAssuredWebhooks(failureStatus: HealthStatus.Degraded);
        await using var provider = services.BuildServiceProvider();

        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync(TestContext.Current.CancellationToken);

        var entry = Assert.Single(report.Entries).Value;
        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.Contains("unreachable", entry.Description, StringComparison.Ordinal);
        Assert.Contains("TimeoutException", entry.Description, StringComparison.Ordinal);
    }

    private async Task<List<RefAssuredDelivery>> AppendAsync(int count)
    {
        var deliveries = new List<RefAssuredDelivery>();
        for (var i = 0; i < count; i++)
        {
            var delivery = new RefAssuredDelivery($"0000000000000000000000000{i}", RefAssuredEventType.SalesOptIn, _time.GetUtcNow(), Samples.SalesOptIn);
            await _inbox.AppendAsync(delivery, TestContext.Current.CancellationToken);
            deliveries.Add(delivery);
        }

        return deliveries;
    }

    private Task<HealthCheckResult> CheckAsync(RefAssuredHealthCheckOptions thresholds)
    {
        var services = new ServiceCollection().AddSingleton<IRefAssuredInboxMonitor>(_inbox).BuildServiceProvider();
        var options = Options.Create(new RefAssuredWebhookOptions { HealthCheck = thresholds });
        var check = new RefAssuredInboxHealthCheck(services, options, _time);
        return check.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);
    }

    private sealed class FailingMonitor(Exception exception) : IRefAssuredInboxMonitor
    {
        public int Calls { get; private set; }

        public ValueTask<RefAssuredInboxStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default)
        {
            Calls++;
            return ValueTask.FromException<RefAssuredInboxStatistics>(exception);
        }
    }
}

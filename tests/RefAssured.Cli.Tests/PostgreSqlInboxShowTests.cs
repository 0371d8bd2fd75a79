using System.Text.Json;
using RefAssured.Sdk.PostgreSql;
using RefAssured.Sdk.PostgreSql.Tests.Infrastructure;
using RefAssured.Sdk.Testing;

namespace RefAssured.Cli.Tests;

/// <summary>
/// <c>inbox show</c> on a PostgreSQL inbox of the test server (<c>REFASSURED_POSTGRES</c>), for
/// deliveries in every state but dead-lettered, while an application's inbox has the schema open.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PostgreSqlInboxShowTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private const string Worker = "worker-a";
    private readonly string _schema = "cli_" + Guid.NewGuid().ToString("N")[..12];
    private readonly RefAssuredDelivery _delivery = InboxFilling.Delivery("SHOW", 1);
    private PostgreSqlRefAssuredInbox? _application;

    private PostgreSqlRefAssuredInbox Application => _application!;

    public async ValueTask InitializeAsync()
    {
        _application = NewInbox();
        await Application.AppendAsync(_delivery, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_application is not null)
        {
            await _application.DisposeAsync();
        }
    }

    [Fact]
    public async Task Show_PendingJson_GivesItsStateAndBodySizeWithoutTheBody()
    {
        var run = await Tool("show", _delivery.DeliveryId, "--json");

        Assert.Equal(0, run.ExitCode);
        var root = JsonDocument.Parse(run.Output).RootElement;
        Assert.Equal(("pending", 0, _delivery.Body.Length), (root.GetProperty("state").GetString(), root.GetProperty("attempts").GetInt32(), root.GetProperty("bodyBytes").GetInt32()));
        Assert.Equal("acme", root.GetProperty("routeValues").GetProperty("tenant").GetString());
        Assert.Equal(JsonValueKind.String, root.GetProperty("nextAttemptAt").ValueKind);
        Assert.False(root.TryGetProperty("body", out _));
        Assert.DoesNotContain("jane@example.com", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_RetryScheduled_GivesTheCauseAndTheNextAttempt()
    {
        var retryAt = DateTimeOffset.UtcNow.AddHours(1);
        var claimed = await ClaimAsync(Application);
        await Application.FailAsync(claimed, new RefAssuredDeliveryFailure(InboxFilling.Cause, retryAt), TestContext.Current.CancellationToken);

        var run = await Tool("show", _delivery.DeliveryId);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("state              retry scheduled", run.Output, StringComparison.Ordinal);
        Assert.Contains("next attempt       " + InboxText.Time(retryAt), run.Output, StringComparison.Ordinal);
        Assert.Contains("last failure       " + InboxFilling.Cause, run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_Leased_NamesTheInstanceHoldingTheLeaseAndUntilWhen()
    {
        await using var worker = NewInbox(o => o.InstanceName = Worker);
        await ClaimAsync(worker);

        var run = await Tool("show", _delivery.DeliveryId, "--json");

        Assert.Equal(0, run.ExitCode);
        var root = JsonDocument.Parse(run.Output).RootElement;
        Assert.Equal(("in-flight", Worker, false), (root.GetProperty("state").GetString(), root.GetProperty("leaseOwner").GetString(), root.GetProperty("leaseExpired").GetBoolean()));
        Assert.True(root.GetProperty("leaseExpiresAt").GetDateTimeOffset() > root.GetProperty("receivedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Show_CompletedWithIncludeBody_GivesTheCompletionAndTheBody()
    {
        var claimed = await ClaimAsync(Application);
        await Application.CompleteAsync(claimed, TestContext.Current.CancellationToken);

        var run = await Tool("show", _delivery.DeliveryId, "--include-body", "--json");

        Assert.Equal(0, run.ExitCode);
        var root = JsonDocument.Parse(run.Output).RootElement;
        Assert.Equal("completed", root.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.String, root.GetProperty("completedAt").ValueKind);
        Assert.Contains("jane@example.com", root.GetProperty("body").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_CompletedWhoseBodyRetentionRan_SaysTheBodyWasRemoved()
    {
        var claimed = await ClaimAsync(Application);
        await Application.CompleteAsync(claimed, TestContext.Current.CancellationToken);
        await using (var clearing = NewInbox(o => o.CompletedBodyRetention = TimeSpan.Zero))
        {
            await clearing.OpenAsync(TestContext.Current.CancellationToken);
            await Wait.UntilAsync(
                async () => Equals(await database.ScalarAsync($"SELECT body IS NULL FROM \"{_schema}\".deliveries WHERE delivery_id = '{_delivery.DeliveryId}'"), true),
                "retention to run",
                TimeSpan.FromSeconds(120));
        }

        var run = await Tool("show", _delivery.DeliveryId, "--include-body");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("state              completed", run.Output, StringComparison.Ordinal);
        Assert.Contains("body               not available: removed by the inbox's completed-body retention", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("jane@example.com", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_UnknownId_Exits1NamingTheSchemaSearched()
    {
        var run = await Tool("show", "01JDNOSUCHDELIVERY");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"No delivery has the id '01JDNOSUCHDELIVERY' in the PostgreSQL inbox, schema {_schema}", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Output);
    }

    private PostgreSqlRefAssuredInbox NewInbox(Action<PostgreSqlRefAssuredInboxOptions>? configure = null)
    {
        var options = new PostgreSqlRefAssuredInboxOptions { ConnectionString = database.ConnectionString, Schema = _schema };
        configure?.Invoke(options);
        return new PostgreSqlRefAssuredInbox(options);
    }

    // Claims the test's delivery, the only one in the schema, and keeps its lease.
    private async Task<RefAssuredDelivery> ClaimAsync(PostgreSqlRefAssuredInbox inbox)
    {
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        reading.CancelAfter(TimeSpan.FromSeconds(120));
        await foreach (var delivery in inbox.ReadAsync(reading.Token))
        {
            Assert.Equal(_delivery.DeliveryId, delivery.DeliveryId);
            return delivery;
        }

        throw new InvalidOperationException("The reading ended without a delivery.");
    }

    private Task<ToolRun> Tool(params string[] args) =>
        ToolRun.RunAsync(["inbox", .. args, "--postgres", database.ConnectionString, "--schema", _schema]);
}

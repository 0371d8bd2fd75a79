using System.Text.Json;

namespace RefAssured.Cli.Tests;

/// <summary><c>inbox show</c> on a file inbox, for deliveries that are not dead letters, filled through the inbox's own API.</summary>
public sealed class FileInboxShowTests : IAsyncLifetime
{
    private static readonly DateTimeOffset RetryAt = DateTimeOffset.UtcNow.AddHours(1);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "refassured-cli-tests", Guid.NewGuid().ToString("N"));
    private readonly RefAssuredDelivery _pending = InboxFilling.Delivery("WAIT", 1);
    private readonly RefAssuredDelivery _retrying = InboxFilling.Delivery("RTRY", 2);
    private readonly RefAssuredDelivery _completed = InboxFilling.Delivery("DONE", 3);

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var inbox = new FileRefAssuredInbox(new FileRefAssuredInboxOptions { Directory = _directory });
        await inbox.AppendAsync(_retrying, cancellationToken);
        await inbox.AppendAsync(_completed, cancellationToken);
        var handled = 0;
        await foreach (var delivery in inbox.ReadAsync(cancellationToken))
        {
            if (delivery.DeliveryId == _retrying.DeliveryId)
            {
                await inbox.FailAsync(delivery, new RefAssuredDeliveryFailure(InboxFilling.Cause, RetryAt) { CompletedHandlers = new HashSet<string> { "audit" } }, cancellationToken);
            }
            else
            {
                await inbox.CompleteAsync(delivery, cancellationToken);
            }

            if (++handled == 2)
            {
                break;
            }
        }

        await inbox.AppendAsync(_pending, cancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Show_Pending_GivesItsStateAndMetadataWithoutTheBody()
    {
        var run = await Show(_pending.DeliveryId);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("state              pending", run.Output, StringComparison.Ordinal);
        Assert.Contains("attempts made      0", run.Output, StringComparison.Ordinal);
        Assert.Contains("last failure       none", run.Output, StringComparison.Ordinal);
        Assert.Contains("route values       tenant=acme", run.Output, StringComparison.Ordinal);
        Assert.Contains($"body               {_pending.Body.Length} bytes (personal data: add --include-body to print it)", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("jane@example.com", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_PendingWithIncludeBodyJson_GivesTheBody()
    {
        var run = await Show(_pending.DeliveryId, "--include-body", "--json");

        Assert.Equal(0, run.ExitCode);
        var root = JsonDocument.Parse(run.Output).RootElement;
        Assert.Equal((_pending.DeliveryId, "pending"), (root.GetProperty("id").GetString(), root.GetProperty("state").GetString()));
        Assert.Equal(_pending.Body.Length, root.GetProperty("bodyBytes").GetInt32());
        Assert.Contains("jane@example.com", root.GetProperty("body").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_RetryScheduledJson_GivesTheCauseAndTheNextAttempt()
    {
        var run = await Show(_retrying.DeliveryId, "--json");

        Assert.Equal(0, run.ExitCode);
        var root = JsonDocument.Parse(run.Output).RootElement;
        Assert.Equal(("retry-scheduled", InboxFilling.Cause, 1), (root.GetProperty("state").GetString(), root.GetProperty("cause").GetString(), root.GetProperty("attempts").GetInt32()));
        Assert.InRange(root.GetProperty("nextAttemptAt").GetDateTimeOffset(), RetryAt.AddSeconds(-1), RetryAt.AddSeconds(1));
        Assert.Equal(["audit"], root.GetProperty("completedHandlers").EnumerateArray().Select(h => h.GetString()));
        Assert.False(root.TryGetProperty("body", out _));
    }

    [Fact]
    public async Task Show_RetryScheduledText_GivesTheCauseAndTheNextAttempt()
    {
        var run = await Show(_retrying.DeliveryId);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("state              retry scheduled", run.Output, StringComparison.Ordinal);
        Assert.Contains("next attempt       " + InboxText.Time(RetryAt), run.Output, StringComparison.Ordinal);
        Assert.Contains("last failure       " + InboxFilling.Cause, run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_Completed_IsFoundInTheAuditTrailWithoutABody()
    {
        var run = await Show(_completed.DeliveryId, "--include-body");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("state              completed (from the inbox's audit trail)", run.Output, StringComparison.Ordinal);
        Assert.Contains("completed          ", run.Output, StringComparison.Ordinal);
        Assert.Contains("body               not available", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("jane@example.com", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_UnknownId_Exits1NamingWhatWasSearched()
    {
        var run = await Show("01JDNOSUCHDELIVERY");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(
            $"No delivery has the id '01JDNOSUCHDELIVERY' in the file inbox at {Path.GetFullPath(_directory)}: none of the deliveries it holds (pending, retry scheduled, dead letters) and no entry in its audit trail.",
            run.Error.Trim());
        Assert.Empty(run.Output);
    }

    private Task<ToolRun> Show(params string[] args) => ToolRun.RunAsync(["inbox", "show", .. args, "--dir", _directory]);
}

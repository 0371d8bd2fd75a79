using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using RefAssured.Sdk.Tests.Inbox.Contract;

namespace RefAssured.Sdk.PostgreSql.Tests.Infrastructure;

/// <summary>Deliveries, inboxes and readers for the PostgreSQL inbox tests.</summary>
internal static class InboxTesting
{
    public static RefAssuredDelivery Delivery(int n, byte[]? body = null) =>
        new("01JDPGTEST" + n.ToString("D16", CultureInfo.InvariantCulture), RefAssuredEventType.SalesOptIn, DateTimeOffset.UtcNow, body ?? Encoding.UTF8.GetBytes($$"""{"referenceRequestId":{{n}},"personFirst":"Jane"}"""));

    public static PostgreSqlRefAssuredInbox NewInbox(PostgresDatabase database, string schema, Action<PostgreSqlRefAssuredInboxOptions>? configure = null)
    {
        var options = new PostgreSqlRefAssuredInboxOptions { ConnectionString = database.ConnectionString, Schema = schema };
        configure?.Invoke(options);
        return new PostgreSqlRefAssuredInbox(options);
    }

    public static string NewSchema(string prefix) => prefix + "_" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Reads until <paramref name="count"/> deliveries came, or until <paramref name="wait"/> is over.</summary>
    public static Task<List<RefAssuredDelivery>> ReadAsync(IRefAssuredInbox inbox, int count, TimeSpan wait) =>
        InboxReading.ReadAsync(inbox, count, wait);
}

/// <summary>Keeps every inbox error it is told of.</summary>
internal sealed class RecordingObserver : RefAssuredObserver
{
    public ConcurrentQueue<(string Operation, Exception Exception)> Failures { get; } = new();

    public override void InboxFailed(string operation, Exception exception) => Failures.Enqueue((operation, exception));
}

/// <summary>Counts how often each delivery is handed to it; every delivery succeeds.</summary>
internal sealed class CountingDispatcher : IRefAssuredDispatcher
{
    public ConcurrentDictionary<string, int> Handled { get; } = new(StringComparer.Ordinal);

    public async Task<RefAssuredDispatchResult> DispatchAsync(RefAssuredDelivery delivery, CancellationToken cancellationToken)
    {
        await Task.Yield();
        Handled.AddOrUpdate(delivery.DeliveryId, 1, static (_, n) => n + 1);
        return new RefAssuredDispatchResult([new RefAssuredHandlerOutcome("counter", null)]);
    }
}

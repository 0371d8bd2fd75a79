using System.Globalization;
using System.Text;

namespace RefAssured.Cli.Tests;

/// <summary>Fills an inbox through its own API: deliveries failed until dead-lettered, and deliveries left pending.</summary>
internal static class InboxFilling
{
    public const string Cause = "crm: InvalidOperationException";

    public static RefAssuredDelivery Delivery(string prefix, int n) =>
        new($"01JD{prefix}{n.ToString("D8", CultureInfo.InvariantCulture)}", n % 2 == 0 ? RefAssuredEventType.SalesOptIn : RefAssuredEventType.CandidateNote, DateTimeOffset.UtcNow, Encoding.UTF8.GetBytes($$"""{"referenceRequestId":{{n}},"personFirst":"Jane","personEmail":"jane@example.com"}"""))
        {
            RouteValues = new Dictionary<string, string> { ["tenant"] = "acme" },
        };

    /// <summary>
    /// Appends <paramref name="deadLetters"/> deliveries and fails each twice, the second time for
    /// good; then appends <paramref name="pending"/> more, left pending. Returns the dead letters' ids, in order.
    /// </summary>
    public static async Task<IReadOnlyList<string>> FillAsync(IRefAssuredInbox inbox, int deadLetters, int pending)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var ids = new List<string>();
        for (var i = 0; i < deadLetters; i++)
        {
            var delivery = Delivery("DEAD", i);
            await inbox.AppendAsync(delivery, cancellationToken);
            ids.Add(delivery.DeliveryId);
        }

        var failures = 0;
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        reading.CancelAfter(TimeSpan.FromSeconds(120));
        if (deadLetters > 0)
        {
            await foreach (var delivery in inbox.ReadAsync(reading.Token))
            {
                var retryAt = delivery.Attempt == 1 ? DateTimeOffset.UtcNow.AddSeconds(-1) : (DateTimeOffset?)null;
                await inbox.FailAsync(delivery, new RefAssuredDeliveryFailure(Cause, retryAt), cancellationToken);
                if (retryAt is null && ++failures == deadLetters)
                {
                    break;
                }
            }
        }

        for (var i = 0; i < pending; i++)
        {
            await inbox.AppendAsync(Delivery("WAIT", i), cancellationToken);
        }

        return ids;
    }
}

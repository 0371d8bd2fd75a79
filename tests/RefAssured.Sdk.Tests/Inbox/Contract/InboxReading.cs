namespace RefAssured.Sdk.Tests.Inbox.Contract;

/// <summary>How inbox tests read what an inbox hands out, whatever the inbox.</summary>
internal static class InboxReading
{
    /// <summary>Reads until <paramref name="count"/> deliveries came, or until <paramref name="wait"/> is over.</summary>
    public static async Task<List<RefAssuredDelivery>> ReadAsync(IRefAssuredInbox inbox, int count, TimeSpan wait)
    {
        var read = new List<RefAssuredDelivery>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(wait);
        try
        {
            await foreach (var delivery in inbox.ReadAsync(timeout.Token))
            {
                read.Add(delivery);
                if (read.Count == count)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
        }

        return read;
    }
}

namespace RefAssured.Sdk.HttpListener.Tests.Limits;

/// <summary>
/// A refused request whose body never comes is answered at once, and its connection closed once
/// the drain of the unread body gives up (the shared suite covers a body that keeps coming).
/// </summary>
public sealed class RefusedRequestCloseTests
{
    [Fact]
    public async Task RefusedRequest_WhoseBodyNeverComes_IsAnsweredAndClosedWithinTheDrainTimeout()
    {
        await using var host = await LimitsHost.StartAsync(o => o.UnreadBodyDrainTimeout = TimeSpan.FromSeconds(1));
        using var client = await host.HoldOpenAsync("sales-optin-unknown");
        var stream = client.GetStream();
        var received = new System.Text.StringBuilder();
        var buffer = new byte[4096];
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        giveUp.CancelAfter(TimeSpan.FromSeconds(30));

        // The 404 comes at once; the connection ends once the drain gives up waiting for the body.
        int read;
        while ((read = await stream.ReadAsync(buffer, giveUp.Token)) > 0)
        {
            received.Append(System.Text.Encoding.ASCII.GetString(buffer, 0, read));
        }

        Assert.StartsWith("HTTP/1.1 404", received.ToString(), StringComparison.Ordinal);
        Assert.Contains("Connection: close", received.ToString(), StringComparison.OrdinalIgnoreCase);
    }
}

using System.Net;

namespace RefAssured.Sdk.HttpListener.Tests.Limits;

/// <summary>
/// A body past the limit is answered 413, and the sender, still uploading, reads that answer:
/// the host reads and discards the rest within bounds before closing, so the connection ends in a
/// close rather than a reset.
/// </summary>
public sealed class OversizeUploadTests
{
    [Fact]
    public async Task HundredMegabyteChunkedUploads_WhileOtherDeliveriesRun_EachGets413WithItsProblemBody()
    {
        await using var host = await LimitsHost.StartAsync();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var others = Task.Run(async () =>
        {
            var accepted = 0;
            while (!stop.IsCancellationRequested)
            {
                var (status, body) = await host.PostAsync("candidate-notes", new ByteArrayContent(LimitsHost.Fixture("candidate-notes")));
                Assert.True(status == HttpStatusCode.OK, body);
                accepted++;
            }

            return accepted;
        });

        // Three rounds of three 100 MB uploads at once against the default limit of 40 MiB.
        for (var round = 0; round < 3; round++)
        {
            var answers = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => host.PostAsync("sales-optin", new LimitsHost.ZeroContent(100_000_000), chunked: true)));
            foreach (var (status, body) in answers)
            {
                Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
                Assert.Contains("urn:refassured-sdk:problem:payload-too-large", body, StringComparison.Ordinal);
            }
        }

        await stop.CancelAsync();
        var accepted = await others;
        Assert.True(accepted > 0);
        Assert.Equal(accepted, host.Inbox.Count + host.Inbox.CompletedCount);
    }

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

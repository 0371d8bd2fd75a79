using System.Text;
using static RefAssured.Sdk.Conformance.ConformanceClient;

namespace RefAssured.Sdk.Conformance;

/// <summary>How a host treats clients that hold it up: each is cut off within bounds, and the others are served.</summary>
public abstract partial class HostConformanceTests
{
    [Fact]
    public async Task BodyTrickledAtTenBytesPerSecond_IsCutOffLongBeforeItsEnd_AndNothingIsStored()
    {
        // Both hosts' defaults: at least 240 bytes per second once 5 seconds have passed.
        await using var host = await StartAsync(new ConformanceSetup(Key));
        var body = Encoding.UTF8.GetBytes("{\"textNote\":\"" + new string('x', 1000) + "\"}");

        var (answer, sent, ended) = await RawHttp.TrickleAsync(host.BaseAddress, $"""
            POST {Prefix}/candidate-notes HTTP/1.1
            Host: 127.0.0.1
            Content-Type: application/json
            Content-Length: {body.Length}
            x-refassured-key: {Key}


            """, body, interval: TimeSpan.FromMilliseconds(100), giveUpAfter: TimeSpan.FromSeconds(60));

        // At 10 bytes per second the body would take 100 s; the host ends the request long before.
        Assert.True(ended, $"The host kept the trickling request open for 60 s; it sent {sent} bytes.");
        Assert.True(sent < body.Length / 2, $"{sent} of {body.Length} bytes were sent before the host ended the request.");
        // Both hosts answer what the receive pipeline makes of a body that stopped arriving, if the
        // connection is not reset under the answer first.
        Assert.True(answer.Length == 0 || (answer.StartsWith("HTTP/1.1 400", StringComparison.Ordinal) && answer.Contains("body-unreadable", StringComparison.Ordinal)), answer);
        Assert.Equal(0, host.Inbox.Count);
        await AcceptedAsync(await PostAsync(host, "candidate-notes", Fixture("candidate-notes")));
    }

    [Fact]
    public async Task HundredMegabyteChunkedUploads_WhileOtherDeliveriesRun_EachReads413WithItsProblemBody()
    {
        await using var host = await StartAsync(new ConformanceSetup(Key));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var others = Task.Run(async () =>
        {
            var accepted = 0;
            while (!stop.IsCancellationRequested)
            {
                await AcceptedAsync(await PostAsync(host, "candidate-notes", Fixture("candidate-notes")));
                accepted++;
            }

            return accepted;
        });

        // Three rounds of three 100 MB uploads at once against the default limit of 40 MiB: each
        // sender, still uploading when the answer comes, must read it rather than meet a reset.
        for (var round = 0; round < 3; round++)
        {
            var answers = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => PostAsync(host, "sales-optin", new ZeroContent(100_000_000), chunked: true)));
            foreach (var answer in answers)
            {
                Assert.Equal(System.Net.HttpStatusCode.RequestEntityTooLarge, answer.StatusCode);
                Assert.Contains("urn:refassured-sdk:problem:payload-too-large", await answer.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
            }
        }

        await stop.CancelAsync();
        var accepted = await others;
        Assert.True(accepted > 0);
        Assert.Equal(accepted, (await WaitForHandledAsync(host, accepted)).Count);
    }
}

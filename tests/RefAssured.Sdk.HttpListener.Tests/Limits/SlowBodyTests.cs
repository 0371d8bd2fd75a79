using System.Text;
using RefAssured.Sdk.Conformance;

namespace RefAssured.Sdk.HttpListener.Tests.Limits;

/// <summary>The minimum body data rate and its grace period are the host's options (the shared suite covers the defaults).</summary>
public sealed class SlowBodyTests
{
    [Fact]
    public async Task BodyTrickledBelowTheConfiguredRate_IsCutOffOnceTheConfiguredGracePeriodIsOver()
    {
        await using var host = await LimitsHost.StartAsync(o =>
        {
            o.MinRequestBodyDataRate = 1000;
            o.MinRequestBodyDataRateGracePeriod = TimeSpan.FromSeconds(1);
        });
        var body = Encoding.UTF8.GetBytes("{\"textNote\":\"" + new string('x', 1000) + "\"}");

        var (answer, sent, ended) = await RawHttp.TrickleAsync(host.BaseAddress, $"""
            POST /hooks/candidate-notes HTTP/1.1
            Host: 127.0.0.1
            Content-Type: application/json
            Content-Length: {body.Length}
            x-refassured-key: {LimitsHost.Key}


            """, body, interval: TimeSpan.FromMilliseconds(100), giveUpAfter: TimeSpan.FromSeconds(60));

        // About 10 bytes go out in the grace period of 1 s; the defaults (5 s) would let 50 through.
        Assert.True(ended, $"The host kept the trickling request open for 60 s; it sent {sent} bytes.");
        Assert.True(sent < 40, $"{sent} bytes were sent before the host ended the request.");
        Assert.True(answer.Length == 0 || answer.Contains("body-unreadable", StringComparison.Ordinal), answer);
        Assert.Equal(0, host.Inbox.Count);
    }
}

using System.Net;

namespace RefAssured.Sdk.HttpListener.Tests.Limits;

/// <summary>Past <see cref="RefAssuredHttpListenerOptions.MaxConcurrentRequests"/>, a request is answered 503 without its body being read.</summary>
public sealed class ConcurrencyCapTests
{
    [Fact]
    public async Task RequestPastTheCap_WhileOthersHoldTheirBodiesOpen_Gets503ServerBusy_AndTheNextAfterThemIsAccepted()
    {
        await using var host = await LimitsHost.StartAsync(o =>
        {
            o.MaxConcurrentRequests = 2;
            o.MinRequestBodyDataRate = 0;
        });
        var held = new[] { await host.HoldOpenAsync("candidate-notes"), await host.HoldOpenAsync("candidate-notes") };
        (HttpStatusCode Status, string Body) busy = default;

        try
        {
            // The held requests reach the host in their own time; once both are being received, the next is refused.
            await host.WaitUntilAsync(
                async () =>
                {
                    busy = await host.PostAsync("candidate-notes", new ByteArrayContent(LimitsHost.Fixture("candidate-notes")));
                    return busy.Status == HttpStatusCode.ServiceUnavailable;
                },
                "A 503 for the request past the cap");
        }
        finally
        {
            foreach (var client in held)
            {
                client.Dispose();
            }
        }

        Assert.Contains("\"type\":\"urn:refassured-sdk:problem:server-busy\"", busy.Body, StringComparison.Ordinal);
        Assert.Contains("\"status\":503", busy.Body, StringComparison.Ordinal);
        Assert.Contains(host.LogLines, l => l.StartsWith("warn: RefAssured.Sdk[2] Rejected a RefAssured request with 503 ServerBusy (event CandidateNote)", StringComparison.Ordinal));
        (HttpStatusCode Status, string Body) next = default;
        await host.WaitUntilAsync(
            async () =>
            {
                next = await host.PostAsync("candidate-notes", new ByteArrayContent(LimitsHost.Fixture("candidate-notes")));
                return next.Status == HttpStatusCode.OK;
            },
            "A 200 once the held requests ended");
    }

    [Fact]
    public async Task ManyDeliveriesAtOnce_UnderTheDefaultCap_AreAllAccepted()
    {
        await using var host = await LimitsHost.StartAsync();
        var body = LimitsHost.Fixture("candidate-notes");

        var answers = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => host.PostAsync("candidate-notes", new ByteArrayContent(body))));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
    }
}

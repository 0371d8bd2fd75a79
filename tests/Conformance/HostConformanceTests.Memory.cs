using System.Net;
using System.Text.Json;
using static RefAssured.Sdk.Conformance.ConformanceClient;

namespace RefAssured.Sdk.Conformance;

// Hostile input: text from the request that could forge log lines, and bodies held in memory.
public abstract partial class HostConformanceTests
{
    [Fact]
    public async Task MemoryBudgetReached_Answers503_ThenFreed_Answers200()
    {
        var body = Fixture("sales-optin");
        await using var host = await StartAsync(new ConformanceSetup(Key, MaxBodySize: 1024, MaxBufferedBytes: (body.Length * 2) + (body.Length / 2)));
        var release = new TaskCompletionSource();
        host.OnHandle = (_, _, ct) => release.Task.WaitAsync(ct);

        // Two bodies wait in the inbox while the handler holds the first; a third does not fit beside them.
        await AcceptedAsync(await PostAsync(host, "sales-optin", body));
        await AcceptedAsync(await PostAsync(host, "sales-optin", body));
        var refused = await PostAsync(host, "sales-optin", body);
        var problem = await ViewAsync(refused);
        release.SetResult();
        await WaitUntilAsync(host, () => host.Inbox.CompletedCount == 2);
        var later = await PostAsync(host, "sales-optin", body);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        var fields = (Dictionary<string, object?>)problem["Body"]!;
        Assert.Equal("urn:refassured-sdk:problem:store-unavailable", fields["type"]);
        Assert.Equal("The server is holding as many request bodies in memory as it is allowed to, so this delivery was not accepted; try again shortly.", fields["detail"]);
        await AcceptedAsync(later);
        Assert.Equal(3, (await WaitForHandledAsync(host, 3)).Count);
    }

    [Fact]
    public async Task RouteWithEncodedNewline_Gets404OnOneLineAndForgesNoLogLine()
    {
        await using var host = await StartAsync(new ConformanceSetup(Key));

        var answer = await PostAsync(host, "x%0Ainfo:%20Accepted%20RefAssured%20SalesOptIn%20delivery%20FAKE", Fixture("sales-optin"));
        var real = await AcceptedAsync(await PostAsync(host, "sales-optin", Fixture("sales-optin")));
        await WaitForLogAsync(host, "FAKE");
        await WaitForLogAsync(host, real);

        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        using var problem = JsonDocument.Parse(await answer.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var detail = problem.RootElement.GetProperty("detail").GetString()!;
        Assert.DoesNotContain('\n', detail);
        Assert.DoesNotContain('\r', detail);
        Assert.Contains("FAKE", detail, StringComparison.Ordinal);
        Assert.All(host.LogLines.Where(l => l.Contains("FAKE", StringComparison.Ordinal)), l => Assert.False(l.Contains('\n', StringComparison.Ordinal) || l.Contains('\r', StringComparison.Ordinal), l));
        var lines = host.LogLines.SelectMany(l => l.Split('\n')).Select(l => l.TrimStart('\r'));
        Assert.DoesNotContain(lines, l => l.StartsWith("info: Accepted", StringComparison.Ordinal));
        Assert.Equal(1, host.Inbox.Count + host.Inbox.CompletedCount);
    }
}

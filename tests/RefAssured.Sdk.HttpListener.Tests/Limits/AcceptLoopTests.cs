using System.Net;

namespace RefAssured.Sdk.HttpListener.Tests.Limits;

/// <summary>An accept that fails, whatever it throws, is logged and retried after a backoff; the host goes on serving.</summary>
public sealed class AcceptLoopTests
{
    [Fact]
    public async Task AcceptsThatThrowUnexpectedExceptions_AreLoggedWithABackoff_AndTheHostGoesOnServing()
    {
        var failures = 0;
        await using var host = await LimitsHost.StartAsync(accept: listener =>
            Interlocked.Increment(ref failures) <= 12
                ? Task.FromException<HttpListenerContext>(new InvalidCastException("accept failed for the test"))
                : listener.GetContextAsync());

        var (status, body) = await host.PostAsync("candidate-notes", new ByteArrayContent(LimitsHost.Fixture("candidate-notes")));

        Assert.True(status == HttpStatusCode.OK, body);
        var entries = host.LogLines.Where(l => l.StartsWith("fail: RefAssured.Sdk[100] The HttpListener failed to accept a request", StringComparison.Ordinal)).ToList();
        Assert.Equal(12, entries.Count);
        Assert.All(entries, e => Assert.Contains("InvalidCastException: accept failed for the test", e, StringComparison.Ordinal));

        // Each accept loop backs off 100 ms first and longer after each failure in a row.
        Assert.Contains(entries, e => e.Contains("accepting again in 100 ms", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Contains("accepting again in 200 ms", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StoppingTheHost_UnderPendingAccepts_LogsNoAcceptFailure()
    {
        var host = await LimitsHost.StartAsync();
        var (status, body) = await host.PostAsync("candidate-notes", new ByteArrayContent(LimitsHost.Fixture("candidate-notes")));

        await host.DisposeAsync();

        Assert.True(status == HttpStatusCode.OK, body);
        Assert.DoesNotContain(host.LogLines, l => l.Contains("RefAssured.Sdk[100]", StringComparison.Ordinal));
    }
}

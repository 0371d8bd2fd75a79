namespace RefAssured.Cli.Tests;

/// <summary>A URL that ends in an event's segment: the event's own endpoint, never another event's.</summary>
[Trait("Category", "Integration")]
public sealed class EventUrlTests
{
    [Fact]
    public async Task Send_UrlOfAnotherEvent_Exits2NamingBothAndPostsNothing()
    {
        await using var receiver = await Receiver.StartAsync();

        var run = await ToolRun.RunAsync("send", "candidate-optin", "--url", receiver.BaseUrl + "/sales-optin", "--key", Receiver.Key);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("sales-optin", run.Error, StringComparison.Ordinal);
        Assert.Contains("candidate-optin", run.Error, StringComparison.Ordinal);
        Assert.Equal(0, receiver.Seen(RefAssuredEventType.SalesOptIn) + receiver.Seen(RefAssuredEventType.CandidateOptIn));
    }

    [Fact]
    public async Task Send_UrlOfTheSameEvent_PostsThere()
    {
        await using var receiver = await Receiver.StartAsync();

        var run = await ToolRun.RunAsync("send", "candidate-optin", "--url", receiver.BaseUrl + "/candidate-optin", "--key", Receiver.Key);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(1, await receiver.WaitForAsync(RefAssuredEventType.CandidateOptIn, 1));
    }

    [Fact]
    public async Task Check_UrlOfOneEvent_ChecksEveryEventAtItsOwnEndpoint()
    {
        await using var receiver = await Receiver.StartAsync();

        var run = await ToolRun.RunAsync("check", receiver.BaseUrl + "/sales-optin", "--key", Receiver.Key);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("7 passed, 0 failed, 1 skipped", run.Output, StringComparison.Ordinal);
        Assert.Equal(1, await receiver.WaitForAsync(RefAssuredEventType.CandidateOptIn, 1));
        Assert.Equal(1, await receiver.WaitForAsync(RefAssuredEventType.ReferenceReport, 1));
    }

    [Theory]
    [InlineData("http://h/webhooks/refassured", "http://h/webhooks/refassured")]
    [InlineData("http://h/webhooks/refassured/sales-optin", "http://h/webhooks/refassured")]
    [InlineData("http://h/webhooks/refassured/reference-report/", "http://h/webhooks/refassured")]
    public void BaseUrl_TrailingEventSegment_IsLeftOut(string url, string expected)
    {
        Assert.Equal(new Uri(expected), WebhookClient.BaseUrl(new Uri(url)));
    }
}

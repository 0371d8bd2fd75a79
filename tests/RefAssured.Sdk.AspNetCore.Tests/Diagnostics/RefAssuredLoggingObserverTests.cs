using System.Text;
using System.Text.RegularExpressions;

namespace RefAssured.Sdk.AspNetCore.Tests.Diagnostics;

public sealed partial class RefAssuredLoggingObserverTests
{
    [Fact]
    public async Task Logs_OfEveryKindOfMoment_ContainNeitherKeyNorEmailAddress()
    {
        await using var host = await WebhookHost.StartAsync(settings: new Dictionary<string, string?> { ["RefAssured:Retry:MaxAttempts"] = "1" });
        host.Recorder.OnHandle = (evt, _, _) => evt is CandidateNote
            ? throw new InvalidOperationException("The ATS refused the note.")
            : Task.CompletedTask;

        foreach (var (route, _, file, _) in Samples.All)
        {
            await HttpAssert.AcceptedAsync(await host.PostEventAsync(route, Samples.Bytes(file)));
        }

        const string presentedWrongKey = "6d015479-0123-abcd-4567-e8ef634acf46";
        await host.PostEventAsync("sales-optin", Samples.SalesOptIn, key: presentedWrongKey);
        await host.PostEventAsync("candidate-notes", Encoding.UTF8.GetBytes("{\"candidate\":\"john.doe@example.com\"}"));
        await host.PostEventAsync("sales-optin", Encoding.UTF8.GetBytes("{\"personEmail\":\"jane.smith@example.com\""));
        await host.WaitForCompletedAsync(3);
        await WaitForAsync(() => host.Logs.For(4).Count == 1);

        var text = host.Logs.AllText;
        Assert.Equal(4, host.Logs.For(1).Count);
        Assert.Equal(3, host.Logs.For(2).Count);
        Assert.Single(host.Logs.For(3));
        Assert.All(host.Logs.For(1), e => Assert.Equal(LogLevel.Information, e.Level));
        Assert.All(host.Logs.For(2), e => Assert.Equal(LogLevel.Warning, e.Level));
        Assert.Equal(LogLevel.Error, host.Logs.For(4).Single().Level);
        Assert.DoesNotContain(WebhookHost.Key, text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(presentedWrongKey, text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(EmailAddress(), text);
        Assert.DoesNotContain("Smith", text, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1", host.Logs.For(2)[0].Message, StringComparison.Ordinal);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold within 30 s.");
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }

    [GeneratedRegex(@"[\w.+-]+@[\w-]+\.[\w.]+")]
    private static partial Regex EmailAddress();
}

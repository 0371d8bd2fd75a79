using System.Diagnostics;

namespace RefAssured.Sdk.PostgreSql.Tests.AspNetCore;

/// <summary>Polls for a condition instead of sleeping a fixed time: generous, for a busy machine.</summary>
internal static class Wait
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);

    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        await UntilAsync(() => Task.FromResult(condition()), what, timeout);

    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(waited.Elapsed < limit, $"Waited {limit.TotalSeconds} s for {what}.");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}

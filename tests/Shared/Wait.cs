using System.Diagnostics;

namespace RefAssured.Sdk.Testing;

/// <summary>Polls for a condition instead of sleeping a fixed time: generous, for a busy machine.</summary>
internal static class Wait
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Waits until <paramref name="condition"/> holds; fails the test, naming <paramref name="what"/>, after <paramref name="timeout"/>.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        await UntilAsync(() => Task.FromResult(condition()), what, timeout);

    /// <summary>Waits until <paramref name="condition"/> holds; fails the test, naming <paramref name="what"/>, after <paramref name="timeout"/>.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            Xunit.Assert.True(waited.Elapsed < limit, $"Waited {limit.TotalSeconds} s for {what}.");
            await Task.Delay(50, Xunit.TestContext.Current.CancellationToken);
        }
    }
}

using System.IO.Pipelines;
using Microsoft.Extensions.Time.Testing;

namespace RefAssured.Sdk.HttpListener.Tests.Limits;

public sealed class MinDataRateStreamTests
{
    [Fact]
    public async Task Read_WithinTheGracePeriod_WaitsForTheBytesHoweverSlow()
    {
        var pipe = new Pipe();
        var clock = new FakeTimeProvider();
        var stream = new MinDataRateStream(pipe.Reader.AsStream(), 100, TimeSpan.FromSeconds(5), clock);
        var buffer = new byte[16];

        var read = stream.ReadAsync(buffer, TestContext.Current.CancellationToken).AsTask();
        clock.Advance(TimeSpan.FromSeconds(4));
        await pipe.Writer.WriteAsync(new byte[] { 1, 2, 3 }, TestContext.Current.CancellationToken);

        Assert.Equal(3, await read);
        Assert.False(stream.TimedOut);
    }

    [Fact]
    public async Task Read_NoBytesPastTheGracePeriod_FailsWithTimeout()
    {
        var pipe = new Pipe();
        var clock = new FakeTimeProvider();
        var stream = new MinDataRateStream(pipe.Reader.AsStream(), 100, TimeSpan.FromSeconds(5), clock);

        var read = stream.ReadAsync(new byte[16], TestContext.Current.CancellationToken).AsTask();
        clock.Advance(TimeSpan.FromSeconds(6));

        await Assert.ThrowsAsync<TimeoutException>(() => read);
        Assert.True(stream.TimedOut);
        await Assert.ThrowsAsync<TimeoutException>(() => stream.ReadAsync(new byte[16], TestContext.Current.CancellationToken).AsTask());
    }

    [Fact]
    public async Task Read_AverageBelowTheMinimumAfterTheGracePeriod_FailsWithoutWaiting()
    {
        var pipe = new Pipe();
        var clock = new FakeTimeProvider();
        var stream = new MinDataRateStream(pipe.Reader.AsStream(), 100, TimeSpan.FromSeconds(5), clock);
        var buffer = new byte[1024];

        // 300 bytes within the grace period carry the average to 3 s; at 6 s it is 50 bytes per second.
        await pipe.Writer.WriteAsync(new byte[300], TestContext.Current.CancellationToken);
        Assert.Equal(300, await stream.ReadAsync(buffer, TestContext.Current.CancellationToken));
        clock.Advance(TimeSpan.FromSeconds(6));
        await pipe.Writer.WriteAsync(new byte[10], TestContext.Current.CancellationToken);

        await Assert.ThrowsAsync<TimeoutException>(() => stream.ReadAsync(buffer, TestContext.Current.CancellationToken).AsTask());
    }

    [Fact]
    public async Task Read_AtTheMinimumRatePastTheGracePeriod_GoesOn()
    {
        var pipe = new Pipe();
        var clock = new FakeTimeProvider();
        var stream = new MinDataRateStream(pipe.Reader.AsStream(), 100, TimeSpan.FromSeconds(5), clock);
        var buffer = new byte[1024];

        for (var second = 0; second < 20; second++)
        {
            await pipe.Writer.WriteAsync(new byte[150], TestContext.Current.CancellationToken);
            Assert.Equal(150, await stream.ReadAsync(buffer, TestContext.Current.CancellationToken));
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        await pipe.Writer.CompleteAsync();
        Assert.Equal(0, await stream.ReadAsync(buffer, TestContext.Current.CancellationToken));
    }
}

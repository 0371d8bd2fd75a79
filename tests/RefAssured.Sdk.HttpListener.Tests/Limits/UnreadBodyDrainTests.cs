using System.IO.Pipelines;

namespace RefAssured.Sdk.HttpListener.Tests.Limits;

public sealed class UnreadBodyDrainTests
{
    [Fact]
    public async Task Drain_BodyEndsWithinTheLimits_ReadsItToItsEnd()
    {
        var body = new MemoryStream(new byte[3 * 1024 * 1024]);

        var ended = await UnreadBodyDrain.DrainAsync(body, 4 * 1024 * 1024, TimeSpan.FromSeconds(30), TimeProvider.System);

        Assert.True(ended);
        Assert.Equal(body.Length, body.Position);
    }

    [Fact]
    public async Task Drain_BodyLongerThanTheLimit_StopsSoonAfterIt()
    {
        var body = new MemoryStream(new byte[8 * 1024 * 1024]);

        var ended = await UnreadBodyDrain.DrainAsync(body, 1024 * 1024, TimeSpan.FromSeconds(30), TimeProvider.System);

        Assert.False(ended);
        Assert.InRange(body.Position, 1024 * 1024, (1024 * 1024) + (128 * 1024));
    }

    [Fact]
    public async Task Drain_BodyThatStopsArriving_GivesUpAtTheTimeout()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(new byte[100], TestContext.Current.CancellationToken);

        // The rest never comes and the writer never completes: only the timeout ends the drain.
        var ended = await UnreadBodyDrain.DrainAsync(pipe.Reader.AsStream(), 1024 * 1024, TimeSpan.FromMilliseconds(200), TimeProvider.System);

        Assert.False(ended);
    }

    [Fact]
    public async Task Drain_NoBudget_ReadsNothing()
    {
        var body = new MemoryStream(new byte[1000]);

        Assert.False(await UnreadBodyDrain.DrainAsync(body, 0, TimeSpan.FromSeconds(5), TimeProvider.System));
        Assert.Equal(0, body.Position);
    }
}

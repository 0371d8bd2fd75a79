namespace RefAssured.Sdk.Tests.Processing;

public sealed class WorkerGateTests
{
    [Fact]
    public async Task Take_PastThePlaces_WaitsUntilOneIsReleased()
    {
        var gate = new WorkerGate(2);

        Assert.True(await gate.TakeAsync(CancellationToken.None));
        Assert.True(await gate.TakeAsync(CancellationToken.None));
        var third = gate.TakeAsync(CancellationToken.None);
        Assert.False(third.IsCompleted);

        gate.Release();

        Assert.True(third.IsCompletedSuccessfully);
        Assert.True(await third);
        var fourth = gate.TakeAsync(CancellationToken.None);
        Assert.False(fourth.IsCompleted);
        gate.Release();
        Assert.True(await fourth);
    }

    [Fact]
    public async Task Release_WithNobodyWaiting_FreesAPlaceForLater()
    {
        var gate = new WorkerGate(1);
        Assert.True(await gate.TakeAsync(CancellationToken.None));

        gate.Release();

        var again = gate.TakeAsync(CancellationToken.None);
        Assert.True(again.IsCompletedSuccessfully);
        Assert.True(await again);
    }

    [Fact]
    public async Task Close_WakesTheWaiterWithFalse_AndRefusesLaterTakes()
    {
        var gate = new WorkerGate(1);
        Assert.True(await gate.TakeAsync(CancellationToken.None));
        var waiting = gate.TakeAsync(CancellationToken.None);

        gate.Close();

        Assert.False(await waiting.AsTask().WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        gate.Release();
        Assert.False(await gate.TakeAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Take_WithStoppingCancelled_IsRefusedThoughPlacesAreFree()
    {
        var gate = new WorkerGate(3);
        using var stopping = new CancellationTokenSource();
        await stopping.CancelAsync();

        Assert.False(await gate.TakeAsync(stopping.Token));
        Assert.True(await gate.TakeAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Take_WhileAnotherTakeWaits_IsRefused()
    {
        var gate = new WorkerGate(1);
        Assert.True(await gate.TakeAsync(CancellationToken.None));
        var waiting = gate.TakeAsync(CancellationToken.None);

        var ex = Assert.Throws<InvalidOperationException>(() => { _ = gate.TakeAsync(CancellationToken.None).AsTask(); });

        Assert.Contains("already awaited", ex.Message, StringComparison.Ordinal);
        gate.Release();
        Assert.True(await waiting);
    }
}

using System.Collections.Concurrent;

namespace RefAssured.Sdk.AspNetCore.Tests;

/// <summary>What the test handlers saw, and a hook to make them slow or failing.</summary>
internal sealed class Recorder
{
    private readonly ConcurrentQueue<Handled> _handled = new();

    public Func<RefAssuredEvent, RefAssuredEventContext, CancellationToken, Task>? OnHandle { get; set; }

    public IReadOnlyList<Handled> Handled => [.. _handled];

    public async Task RecordAsync(string handler, RefAssuredEvent evt, RefAssuredEventContext context, object? scoped, CancellationToken cancellationToken)
    {
        if (OnHandle is { } hook)
        {
            await hook(evt, context, cancellationToken);
        }

        _handled.Enqueue(new Handled(handler, evt, context.DeliveryId, context.RouteValues, scoped));
    }

    /// <summary>Waits until at least <paramref name="count"/> handler calls were recorded; fails after a generous timeout.</summary>
    public async Task<IReadOnlyList<Handled>> WaitForAsync(int count, int timeoutSeconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (_handled.Count < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Only {_handled.Count} of {count} handler calls happened within {timeoutSeconds} s.");
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        return Handled;
    }
}

internal sealed record Handled(string Handler, RefAssuredEvent Event, string DeliveryId, IReadOnlyDictionary<string, string> RouteValues, object? Scoped);

/// <summary>A scoped service, to see which handler calls share a DI scope.</summary>
internal sealed class ScopedProbe : IDisposable
{
    public Guid Id { get; } = Guid.NewGuid();

    public bool Disposed { get; private set; }

    public void Dispose() => Disposed = true;
}

/// <summary>Handles all four events (through the contravariant interface) and records each call.</summary>
internal sealed class RecordingHandler(Recorder recorder, ScopedProbe probe) : IRefAssuredHandler<RefAssuredEvent>
{
    public Task HandleAsync(RefAssuredEvent evt, RefAssuredEventContext context, CancellationToken cancellationToken) =>
        recorder.RecordAsync(nameof(RecordingHandler), evt, context, probe, cancellationToken);
}

/// <summary>A second handler of sales opt-ins, sharing the delivery's scope with the first.</summary>
internal sealed class SecondLeadHandler(Recorder recorder, ScopedProbe probe) : IRefAssuredHandler<SalesOptIn>
{
    public Task HandleAsync(SalesOptIn evt, RefAssuredEventContext context, CancellationToken cancellationToken) =>
        recorder.RecordAsync(nameof(SecondLeadHandler), evt, context, probe, cancellationToken);
}

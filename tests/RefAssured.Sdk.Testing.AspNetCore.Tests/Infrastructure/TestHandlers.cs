using System.Collections.Concurrent;

namespace RefAssured.Sdk.Testing.AspNetCore.Tests.Infrastructure;

/// <summary>What the test application's handlers saw and how they behave; one per application.</summary>
public sealed class HandlerLog
{
    /// <summary>The delivery ids each handler was called for, with the attempt.</summary>
    public ConcurrentQueue<(string Handler, string DeliveryId, int Attempt)> Calls { get; } = new();

    /// <summary>Released to let the report handler finish; until then it waits.</summary>
    public TaskCompletionSource ReportGate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>How many attempts at each note fail before one succeeds; int.MaxValue for never.</summary>
    public int NoteFailures { get; set; } = int.MaxValue;

    public void Add(string handler, RefAssuredEventContext context) => Calls.Enqueue((handler, context.DeliveryId, context.Attempt));
}

/// <summary>Succeeds for every sales opt-in.</summary>
public sealed class LeadHandler(HandlerLog log) : IRefAssuredHandler<SalesOptIn>
{
    public Task HandleAsync(SalesOptIn evt, RefAssuredEventContext context, CancellationToken cancellationToken)
    {
        log.Add(nameof(LeadHandler), context);
        return Task.CompletedTask;
    }
}

/// <summary>Fails the first <see cref="HandlerLog.NoteFailures"/> attempts at each note, as a CRM that is down would.</summary>
public sealed class NoteHandler(HandlerLog log) : IRefAssuredHandler<CandidateNote>
{
    public Task HandleAsync(CandidateNote evt, RefAssuredEventContext context, CancellationToken cancellationToken)
    {
        log.Add(nameof(NoteHandler), context);
        return context.Attempt <= log.NoteFailures
            ? throw new InvalidOperationException($"The CRM is unavailable (attempt {context.Attempt}).")
            : Task.CompletedTask;
    }
}

/// <summary>Refuses every candidate opt-in for good.</summary>
public sealed class CandidateHandler(HandlerLog log) : IRefAssuredHandler<CandidateOptIn>
{
    public Task HandleAsync(CandidateOptIn evt, RefAssuredEventContext context, CancellationToken cancellationToken)
    {
        log.Add(nameof(CandidateHandler), context);
        throw new RefAssuredPermanentFailureException("This candidate cannot be imported.");
    }
}

/// <summary>Waits for <see cref="HandlerLog.ReportGate"/> before it finishes.</summary>
public sealed class ReportHandler(HandlerLog log) : IRefAssuredHandler<ReferenceReport>
{
    public async Task HandleAsync(ReferenceReport evt, RefAssuredEventContext context, CancellationToken cancellationToken)
    {
        log.Add(nameof(ReportHandler), context);
        await log.ReportGate.Task.WaitAsync(cancellationToken);
    }
}

using RefAssured.Sdk;

namespace AspNetCoreReceiver;

/// <summary>A note was written to a candidate's profile: logs it where an applicant tracking system's timeline would receive it.</summary>
public sealed partial class NoteHandler(ILogger<NoteHandler> logger) : IRefAssuredHandler<CandidateNote>
{
    /// <inheritdoc />
    public Task HandleAsync(CandidateNote note, RefAssuredEventContext context, CancellationToken cancellationToken)
    {
        // The note's text names people, so only its action and the candidate's ids are logged.
        LogNote(logger, note.Action?.Value, note.Candidate?.PersonId, note.Candidate?.ExternalIds?.BullhornCandidateId, context.DeliveryId);
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Candidate note '{Action}' for candidate {PersonId} (Bullhorn {BullhornId}, delivery {DeliveryId})")]
    private static partial void LogNote(ILogger logger, string? action, long? personId, long? bullhornId, string deliveryId);
}

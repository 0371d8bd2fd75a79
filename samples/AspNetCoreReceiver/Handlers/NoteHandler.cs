using RefAssured.Sdk;

namespace AspNetCoreReceiver;

/// <summary>A note was written to a candidate's profile: logs its action where an ATS timeline would get it.</summary>
public sealed partial class NoteHandler(HandledDeliveries handled, ILogger<NoteHandler> logger) : IRefAssuredHandler<CandidateNote>
{
    /// <inheritdoc />
    public Task HandleAsync(CandidateNote evt, RefAssuredEventContext context, CancellationToken cancellationToken)
    {
        if (!handled.Contains("note", context.DeliveryId))
        {
            // The note's text names people, so only its action and the candidate's ids are logged.
            LogNote(logger, evt.Action?.Value, evt.Candidate?.PersonId, evt.Candidate?.ExternalIds?.BullhornCandidateId, context.DeliveryId);
            handled.Add("note", context.DeliveryId);
        }

        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Candidate note '{Action}' for candidate {PersonId} (Bullhorn {BullhornId}, delivery {DeliveryId})")]
    private static partial void LogNote(ILogger logger, string? action, long? personId, long? bullhornId, string deliveryId);
}

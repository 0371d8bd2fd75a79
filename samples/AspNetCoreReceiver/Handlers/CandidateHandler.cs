using RefAssured.Sdk;

namespace AspNetCoreReceiver;

/// <summary>A reference opted in as a candidate: logs a summary where an ATS would get the candidate.</summary>
public sealed partial class CandidateHandler(HandledDeliveries handled, ILogger<CandidateHandler> logger) : IRefAssuredHandler<CandidateOptIn>
{
    /// <inheritdoc />
    public Task HandleAsync(CandidateOptIn evt, RefAssuredEventContext context, CancellationToken cancellationToken)
    {
        if (!handled.Contains("candidate", context.DeliveryId))
        {
            LogCandidate(logger, evt.FirstName, evt.LastName, evt.ReferenceRequestId, context.DeliveryId);
            handled.Add("candidate", context.DeliveryId);
        }

        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "New candidate for the talent pipeline: {FirstName} {LastName} (reference request {ReferenceRequestId}, delivery {DeliveryId})")]
    private static partial void LogCandidate(ILogger logger, string? firstName, string? lastName, long? referenceRequestId, string deliveryId);
}

using RefAssured.Sdk;

namespace AspNetCoreReceiver;

/// <summary>A reference opted in as a candidate: logs them where an applicant tracking system would receive them.</summary>
public sealed partial class CandidateHandler(ILogger<CandidateHandler> logger) : IRefAssuredHandler<CandidateOptIn>
{
    /// <inheritdoc />
    public Task HandleAsync(CandidateOptIn candidate, RefAssuredEventContext context, CancellationToken cancellationToken)
    {
        LogCandidate(logger, candidate.FirstName, candidate.LastName, candidate.ReferenceRequestId, context.DeliveryId);
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "New candidate for the talent pipeline: {FirstName} {LastName} (reference request {ReferenceRequestId}, delivery {DeliveryId})")]
    private static partial void LogCandidate(ILogger logger, string? firstName, string? lastName, long? referenceRequestId, string deliveryId);
}

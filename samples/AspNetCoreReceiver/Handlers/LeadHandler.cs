using RefAssured.Sdk;

namespace AspNetCoreReceiver;

/// <summary>A reference opted in as a sales lead: logs a summary where a CRM would get the lead.</summary>
public sealed partial class LeadHandler(HandledDeliveries handled, ILogger<LeadHandler> logger) : IRefAssuredHandler<SalesOptIn>
{
    /// <inheritdoc />
    public Task HandleAsync(SalesOptIn evt, RefAssuredEventContext context, CancellationToken cancellationToken)
    {
        if (!handled.Contains("lead", context.DeliveryId))
        {
            // The name only: the email, phone and company stay out of the log.
            LogLead(logger, evt.FirstName, evt.LastName, evt.ReferenceRequestId, context.DeliveryId);
            handled.Add("lead", context.DeliveryId);
        }

        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "New sales lead: {FirstName} {LastName} (reference request {ReferenceRequestId}, delivery {DeliveryId})")]
    private static partial void LogLead(ILogger logger, string? firstName, string? lastName, long? referenceRequestId, string deliveryId);
}

using RefAssured.Sdk;

namespace AspNetCoreReceiver;

/// <summary>A reference opted in as a sales lead: logs it where a CRM would receive it.</summary>
public sealed partial class LeadHandler(ILogger<LeadHandler> logger) : IRefAssuredHandler<SalesOptIn>
{
    /// <inheritdoc />
    public Task HandleAsync(SalesOptIn lead, RefAssuredEventContext context, CancellationToken cancellationToken)
    {
        // Handlers run at least once: after a crash, or a retry of a delivery whose other handler
        // failed, the same delivery comes again. Where you store the lead, make the delivery id
        // (or the reference request id) a unique key, so that storing it twice changes nothing:
        //   INSERT INTO leads (delivery_id, ...) VALUES (@deliveryId, ...) ON CONFLICT (delivery_id) DO NOTHING
        // The log gets the name only: the email, phone and company stay out of it.
        LogLead(logger, lead.FirstName, lead.LastName, lead.ReferenceRequestId, context.DeliveryId);
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "New sales lead: {FirstName} {LastName} (reference request {ReferenceRequestId}, delivery {DeliveryId})")]
    private static partial void LogLead(ILogger logger, string? firstName, string? lastName, long? referenceRequestId, string deliveryId);
}

using Microsoft.Extensions.Logging;
using Messages = RefAssured.Sdk.RefAssuredLogMessages;

namespace RefAssured.Sdk.AspNetCore;

/// <summary>
/// Writes the core's notable moments to <see cref="ILogger"/> under the category
/// <c>RefAssured.Sdk</c>, with the event ids and texts every host shares
/// (<see cref="RefAssuredLogMessages"/>). Only identifiers, sizes, reasons and the sender's
/// address are logged: never the verification key and never anything from a payload.
/// </summary>
internal sealed partial class RefAssuredLoggingObserver(ILoggerFactory loggerFactory) : RefAssuredObserver
{
    /// <summary>The logging category: <c>RefAssured.Sdk</c>.</summary>
    public const string Category = Messages.Category;

    private readonly ILogger _logger = loggerFactory.CreateLogger(Category);

    public override void DeliveryAccepted(RefAssuredDelivery delivery, string? remoteAddress) =>
        Log.DeliveryAccepted(_logger, delivery.EventType, delivery.DeliveryId, delivery.Body.Length, remoteAddress);

    public override void RequestRejected(RefAssuredReceiveOutcome outcome, RefAssuredEventType? eventType, string? remoteAddress) =>
        Log.RequestRejected(_logger, outcome.StatusCode, outcome.Status, Messages.EventType(eventType), remoteAddress, outcome.Detail);

    public override void HandlerFailed(RefAssuredDelivery delivery, RefAssuredHandlerOutcome outcome, DateTimeOffset? retryAt) =>
        Log.HandlerFailed(_logger, outcome.Exception, outcome.HandlerName, delivery.EventType, delivery.DeliveryId, delivery.Attempt, Messages.NextAttempt(retryAt));

    public override void DeliveryDeadLettered(RefAssuredDelivery delivery, string reason) =>
        Log.DeliveryDeadLettered(_logger, delivery.EventType, delivery.DeliveryId, delivery.Attempt, reason);

    public override void InboxFailed(string operation, Exception exception) =>
        Log.InboxFailed(_logger, exception, operation);

    // Ids, names, levels and texts come from the shared definitions; only the argument types are chosen here.
    private static partial class Log
    {
        [LoggerMessage(EventId = Messages.DeliveryAcceptedId, EventName = Messages.DeliveryAcceptedName, Level = (LogLevel)Messages.DeliveryAcceptedLevel, Message = Messages.DeliveryAccepted)]
        public static partial void DeliveryAccepted(ILogger logger, RefAssuredEventType eventType, string deliveryId, int size, string? remoteAddress);

        [LoggerMessage(EventId = Messages.RequestRejectedId, EventName = Messages.RequestRejectedName, Level = (LogLevel)Messages.RequestRejectedLevel, Message = Messages.RequestRejected)]
        public static partial void RequestRejected(ILogger logger, int statusCode, RefAssuredReceiveStatus reason, string eventType, string? remoteAddress, string detail);

        [LoggerMessage(EventId = Messages.HandlerFailedId, EventName = Messages.HandlerFailedName, Level = (LogLevel)Messages.HandlerFailedLevel, Message = Messages.HandlerFailed)]
        public static partial void HandlerFailed(ILogger logger, Exception? exception, string handler, RefAssuredEventType eventType, string deliveryId, int attempt, string nextAttempt);

        [LoggerMessage(EventId = Messages.DeliveryDeadLetteredId, EventName = Messages.DeliveryDeadLetteredName, Level = (LogLevel)Messages.DeliveryDeadLetteredLevel, Message = Messages.DeliveryDeadLettered)]
        public static partial void DeliveryDeadLettered(ILogger logger, RefAssuredEventType eventType, string deliveryId, int attempt, string reason);

        [LoggerMessage(EventId = Messages.InboxFailedId, EventName = Messages.InboxFailedName, Level = (LogLevel)Messages.InboxFailedLevel, Message = Messages.InboxFailed)]
        public static partial void InboxFailed(ILogger logger, Exception exception, string operation);
    }
}

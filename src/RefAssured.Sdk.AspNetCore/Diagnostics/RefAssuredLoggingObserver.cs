using System.Globalization;
using Microsoft.Extensions.Logging;

namespace RefAssured.Sdk.AspNetCore;

/// <summary>
/// Writes the core's notable moments to <see cref="ILogger"/> under the category
/// <c>RefAssured.Sdk</c>. Only identifiers, sizes, reasons and the sender's address are logged:
/// never the verification key and never anything from a payload.
/// </summary>
internal sealed partial class RefAssuredLoggingObserver(ILoggerFactory loggerFactory) : RefAssuredObserver
{
    /// <summary>The logging category: <c>RefAssured.Sdk</c>.</summary>
    public const string Category = "RefAssured.Sdk";

    private readonly ILogger _logger = loggerFactory.CreateLogger(Category);

    public override void DeliveryAccepted(RefAssuredDelivery delivery, string? remoteAddress) =>
        Log.DeliveryAccepted(_logger, delivery.EventType, delivery.DeliveryId, delivery.Body.Length, remoteAddress);

    public override void RequestRejected(RefAssuredReceiveOutcome outcome, RefAssuredEventType? eventType, string? remoteAddress) =>
        Log.RequestRejected(_logger, outcome.StatusCode, outcome.Status, eventType?.ToString() ?? "unknown", remoteAddress, outcome.Detail);

    public override void HandlerFailed(RefAssuredDelivery delivery, RefAssuredHandlerOutcome outcome, DateTimeOffset? retryAt) =>
        Log.HandlerFailed(_logger, outcome.Exception, outcome.HandlerName, delivery.EventType, delivery.DeliveryId, delivery.Attempt, retryAt?.ToString("O", CultureInfo.InvariantCulture) ?? "none, it is dead-lettered");

    public override void DeliveryDeadLettered(RefAssuredDelivery delivery, string reason) =>
        Log.DeliveryDeadLettered(_logger, delivery.EventType, delivery.DeliveryId, delivery.Attempt, reason);

    public override void InboxFailed(string operation, Exception exception) =>
        Log.InboxFailed(_logger, exception, operation);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, EventName = "DeliveryAccepted", Level = LogLevel.Information,
            Message = "Accepted RefAssured {EventType} delivery {DeliveryId} ({Size} bytes) from {RemoteAddress}")]
        public static partial void DeliveryAccepted(ILogger logger, RefAssuredEventType eventType, string deliveryId, int size, string? remoteAddress);

        [LoggerMessage(EventId = 2, EventName = "RequestRejected", Level = LogLevel.Warning,
            Message = "Rejected a RefAssured request with {StatusCode} {Reason} (event {EventType}) from {RemoteAddress}: {Detail}")]
        public static partial void RequestRejected(ILogger logger, int statusCode, RefAssuredReceiveStatus reason, string eventType, string? remoteAddress, string detail);

        [LoggerMessage(EventId = 3, EventName = "HandlerFailed", Level = LogLevel.Warning,
            Message = "RefAssured handler {Handler} failed for {EventType} delivery {DeliveryId} on attempt {Attempt}; next attempt: {NextAttempt}")]
        public static partial void HandlerFailed(ILogger logger, Exception? exception, string handler, RefAssuredEventType eventType, string deliveryId, int attempt, string nextAttempt);

        [LoggerMessage(EventId = 4, EventName = "DeliveryDeadLettered", Level = LogLevel.Error,
            Message = "RefAssured {EventType} delivery {DeliveryId} was dead-lettered after attempt {Attempt}; replay it with IRefAssuredDeadLetterStore once the cause is fixed. Cause: {Reason}")]
        public static partial void DeliveryDeadLettered(ILogger logger, RefAssuredEventType eventType, string deliveryId, int attempt, string reason);

        [LoggerMessage(EventId = 5, EventName = "InboxFailed", Level = LogLevel.Error,
            Message = "The RefAssured inbox operation '{Operation}' failed")]
        public static partial void InboxFailed(ILogger logger, Exception exception, string operation);
    }
}

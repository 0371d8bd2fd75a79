using RefAssured.Sdk;

namespace AspNetCoreReceiver;

/// <summary>A reference report was generated: saves its PDF in the folder <c>Reports:Directory</c> names.</summary>
public sealed partial class ReportHandler(IConfiguration configuration, ILogger<ReportHandler> logger) : IRefAssuredHandler<ReferenceReport>
{
    private readonly string _directory = configuration["Reports:Directory"] ?? "reports";

    /// <inheritdoc />
    public async Task HandleAsync(ReferenceReport report, RefAssuredEventContext context, CancellationToken cancellationToken)
    {
        // Written atomically and never over another report: a redelivery finds its own bytes saved
        // and gets that path back; a different report of the same name is saved as "name (2).pdf".
        // Content that is not base64 or not a PDF throws ReportContentException: the delivery is
        // dead-lettered, not retried.
        var path = await report.SaveFileAsync(_directory, context, cancellationToken: cancellationToken);
        LogSaved(logger, report.ReferenceRequestId, path, context.DeliveryId);
    }

    [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "Reference report {ReferenceRequestId} saved to {Path} (delivery {DeliveryId})")]
    private static partial void LogSaved(ILogger logger, long? referenceRequestId, string path, string deliveryId);
}

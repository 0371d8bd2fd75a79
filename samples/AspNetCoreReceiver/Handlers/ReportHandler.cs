using Microsoft.Extensions.Options;
using RefAssured.Sdk;

namespace AspNetCoreReceiver;

/// <summary>A reference report was generated: saves its PDF where a document store would get it.</summary>
public sealed partial class ReportHandler(IOptions<SampleOptions> options, ILogger<ReportHandler> logger) : IRefAssuredHandler<ReferenceReport>
{
    /// <inheritdoc />
    public async Task HandleAsync(ReferenceReport evt, RefAssuredEventContext context, CancellationToken cancellationToken)
    {
        // Saving is atomic and a redelivery writes the same bytes under the same name, so overwriting keeps it idempotent.
        // Content that is not a PDF or not base64 throws ReportContentException: the delivery is dead-lettered, not retried.
        var path = await evt.SaveFileAsync(options.Value.ReportsDirectory, new ReportSaveOptions { Overwrite = true }, cancellationToken);
        LogSaved(logger, evt.ReferenceRequestId, path, context.DeliveryId);
    }

    [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "Reference report {ReferenceRequestId} saved to {Path} (delivery {DeliveryId})")]
    private static partial void LogSaved(ILogger logger, long? referenceRequestId, string path, string deliveryId);
}

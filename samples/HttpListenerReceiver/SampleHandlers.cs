using RefAssured.Sdk;

namespace HttpListenerReceiver;

/// <summary>
/// What the vendor's use cases do, without external systems: opt-ins are logged as a lead or
/// candidate summary (the name only), notes with their action, reports saved as PDF files.
/// Each is idempotent, so a redelivery after a crash neither fails nor repeats its effect.
/// </summary>
internal sealed class SampleHandlers(string reportsDirectory, HandledDeliveries handled)
{
    public RefAssuredDispatcherBuilder Register(RefAssuredDispatcherBuilder builder) => builder
        .On<SalesOptIn>((lead, context, ct) => Once("lead", context, $"New sales lead: {lead.FirstName} {lead.LastName} (reference request {lead.ReferenceRequestId}, delivery {context.DeliveryId})"), "lead")
        .On<CandidateOptIn>((candidate, context, ct) => Once("candidate", context, $"New candidate: {candidate.FirstName} {candidate.LastName} (reference request {candidate.ReferenceRequestId}, delivery {context.DeliveryId})"), "candidate")
        .On<CandidateNote>((note, context, ct) => Once("note", context, $"Candidate note '{note.Action}' for candidate {note.Candidate?.PersonId} (reference request {note.ReferenceRequestId}, delivery {context.DeliveryId})"), "note")
        .On<ReferenceReport>(SaveReportAsync, "report");

    private Task Once(string handler, RefAssuredEventContext context, string summary)
    {
        if (!handled.Contains(handler, context.DeliveryId))
        {
            Console.WriteLine(summary);
            handled.Add(handler, context.DeliveryId);
        }

        return Task.CompletedTask;
    }

    private async Task SaveReportAsync(ReferenceReport report, RefAssuredEventContext context, CancellationToken cancellationToken)
    {
        // Atomic, and a redelivery writes the same bytes under the same name: overwriting is idempotent.
        // Content that is not a PDF or not base64 throws ReportContentException and is dead-lettered.
        var path = await report.SaveFileAsync(reportsDirectory, new ReportSaveOptions { Overwrite = true }, cancellationToken);
        Console.WriteLine($"Reference report {report.ReferenceRequestId} saved to {path} (delivery {context.DeliveryId})");
    }
}

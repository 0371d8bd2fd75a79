using RefAssured.Sdk;

namespace HttpListenerReceiver;

/// <summary>
/// The sample's handlers: opt-ins are written out as a lead or candidate (the name only), notes
/// with their action, and reports saved as PDF files.
/// </summary>
internal static class Handlers
{
    public static RefAssuredDispatcherBuilder Register(RefAssuredDispatcherBuilder builder, string reportsDirectory) => builder
        // Handlers run at least once: after a crash, or a retry of a delivery whose other handler
        // failed, the same delivery comes again. Where you store a lead or a candidate, make the
        // delivery id (or the reference request id) a unique key, so that storing it twice changes nothing.
        .On<SalesOptIn>((lead, context, ct) => Write($"New sales lead: {lead.FirstName} {lead.LastName} (reference request {lead.ReferenceRequestId}, delivery {context.DeliveryId})"), "lead")
        .On<CandidateOptIn>((candidate, context, ct) => Write($"New candidate: {candidate.FirstName} {candidate.LastName} (reference request {candidate.ReferenceRequestId}, delivery {context.DeliveryId})"), "candidate")
        .On<CandidateNote>((note, context, ct) => Write($"Candidate note '{note.Action}' for candidate {note.Candidate?.PersonId} (reference request {note.ReferenceRequestId}, delivery {context.DeliveryId})"), "note")
        .On<ReferenceReport>(
            async (report, context, ct) =>
            {
                // Written atomically and never over another report: a redelivery gets the path of its
                // saved bytes back; a different report of the same name is saved as "name (2).pdf".
                var path = await report.SaveFileAsync(reportsDirectory, context, cancellationToken: ct);
                Console.WriteLine($"Reference report {report.ReferenceRequestId} saved to {path} (delivery {context.DeliveryId})");
            },
            "report");

    private static Task Write(string line)
    {
        Console.WriteLine(line);
        return Task.CompletedTask;
    }
}

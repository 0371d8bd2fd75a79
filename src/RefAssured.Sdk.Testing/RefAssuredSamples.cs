namespace RefAssured.Sdk.Testing;

/// <summary>
/// The four sample payloads of RefAssured's webhook documentation, as typed events and as the
/// raw JSON bodies the vendor posts. The typed events are parsed by the SDK's own parser from
/// those bodies; vary them with <see langword="with"/> expressions.
/// </summary>
public static class RefAssuredSamples
{
    private static readonly Sample[] Samples = [.. RefAssuredEventTypes.All.Select(Sample.Load)];
    private static readonly Lazy<(ReferenceReport Event, byte[] Body)> WithPdf = new(() =>
    {
        var report = CreateReportWithPdf(4096);
        return (report, RefAssuredEventJson.ToUtf8Bytes(report));
    });

    /// <summary>Gets the documented sales opt-in (referenceRequestId 10001, Jane Smith of Acme Corp).</summary>
    public static SalesOptIn SalesOptIn => (SalesOptIn)Get(RefAssuredEventType.SalesOptIn);

    /// <summary>Gets the documented candidate opt-in.</summary>
    public static CandidateOptIn CandidateOptIn => (CandidateOptIn)Get(RefAssuredEventType.CandidateOptIn);

    /// <summary>Gets the documented candidate note (action "RefAssured Sent").</summary>
    public static CandidateNote CandidateNote => (CandidateNote)Get(RefAssuredEventType.CandidateNote);

    /// <summary>
    /// Gets the documented reference report. Its <c>base64Content</c> is cut short in the
    /// documentation, so its content is not valid base64; use <see cref="ReferenceReportWithPdf"/>
    /// for a report whose file can be read and saved.
    /// </summary>
    public static ReferenceReport ReferenceReport => (ReferenceReport)Get(RefAssuredEventType.ReferenceReport);

    /// <summary>
    /// Gets the documented reference report carrying a valid PDF of about 4 KB (from
    /// <see cref="RefAssuredPdf.Create(int, int)"/>) instead of the truncated content.
    /// </summary>
    public static ReferenceReport ReferenceReportWithPdf => WithPdf.Value.Event;

    /// <summary>Gets the documented sample of an event type, parsed.</summary>
    /// <param name="eventType">The event type.</param>
    /// <returns>The typed event; the same instance on every call.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="eventType"/> is not a defined event type.</exception>
    public static RefAssuredEvent Get(RefAssuredEventType eventType) => Find(eventType).Event;

    /// <summary>Gets the documented sample body of an event type, as RefAssured posts it.</summary>
    /// <param name="eventType">The event type.</param>
    /// <returns>The JSON text.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="eventType"/> is not a defined event type.</exception>
    public static string GetJson(RefAssuredEventType eventType) => System.Text.Encoding.UTF8.GetString(Find(eventType).Body);

    /// <summary>Gets the documented sample body of an event type, as RefAssured posts it.</summary>
    /// <param name="eventType">The event type.</param>
    /// <returns>A new array holding the UTF-8 JSON, the caller's to change.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="eventType"/> is not a defined event type.</exception>
    public static byte[] GetUtf8Json(RefAssuredEventType eventType) => [.. Find(eventType).Body];

    /// <summary>Gets the body of <see cref="ReferenceReportWithPdf"/>, a reference report carrying a valid PDF.</summary>
    /// <returns>A new array holding the UTF-8 JSON.</returns>
    public static byte[] GetReferenceReportWithPdfUtf8Json() => [.. WithPdf.Value.Body];

    /// <summary>Gets the body of a reference report carrying a valid PDF of about <paramref name="pdfSize"/> bytes, such as a large report for a load or size check.</summary>
    /// <param name="pdfSize">The PDF's size wanted, in bytes (never less than about 1 KB); the body's base64 is about a third larger.</param>
    /// <returns>A new array holding the UTF-8 JSON.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="pdfSize"/> is negative.</exception>
    public static byte[] GetReferenceReportWithPdfUtf8Json(int pdfSize) => RefAssuredEventJson.ToUtf8Bytes(CreateReportWithPdf(pdfSize));

    // The body a sample instance was parsed from, so that a context for it carries the vendor's exact bytes.
    internal static bool TryGetBody(RefAssuredEvent evt, out ReadOnlyMemory<byte> body)
    {
        foreach (var sample in Samples)
        {
            if (ReferenceEquals(sample.Event, evt))
            {
                body = sample.Body;
                return true;
            }
        }

        if (WithPdf.IsValueCreated && ReferenceEquals(WithPdf.Value.Event, evt))
        {
            body = WithPdf.Value.Body;
            return true;
        }

        body = default;
        return false;
    }

    private static Sample Find(RefAssuredEventType eventType)
    {
        foreach (var sample in Samples)
        {
            if (sample.Event.EventType == eventType)
            {
                return sample;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(eventType), eventType, "Not a defined RefAssured event type.");
    }

    private static ReferenceReport CreateReportWithPdf(int pdfSize) =>
        ReferenceReport with { File = RefAssuredPdf.CreateReportFile(RefAssuredPdf.Create(pdfSize), ReferenceReport.File?.FileName ?? "report.pdf") };

    private sealed record Sample(RefAssuredEvent Event, byte[] Body)
    {
        public static Sample Load(RefAssuredEventType eventType)
        {
            var name = $"RefAssured.Sdk.Testing.Samples.{RefAssuredEventTypes.GetRouteName(eventType)}.json";
            using var stream = typeof(RefAssuredSamples).Assembly.GetManifestResourceStream(name)
                ?? throw new InvalidOperationException($"The sample {name} is missing from the assembly.");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var body = copy.ToArray();
            var result = RefAssuredEventParser.Parse(eventType, body);
            return new Sample(result.Event ?? throw new InvalidOperationException($"The sample {name} does not parse: {result.Error}"), body);
        }
    }
}

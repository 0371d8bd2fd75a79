using System.Text.Json.Serialization;

namespace RefAssured.Sdk;

/// <summary>
/// A reference was completed and its report generated; the whole PDF comes in <see cref="File"/>
/// (routes <c>reference-report</c> and <c>referencereports</c>).
/// </summary>
/// <remarks>
/// A report always carries a file with content: the parser rejects one without. Whether that
/// content is valid base64 and a PDF is checked when it is read, through <see cref="ReportFile"/>.
/// </remarks>
public sealed record ReferenceReport : RefAssuredEvent
{
    /// <inheritdoc />
    public override RefAssuredEventType EventType => RefAssuredEventType.ReferenceReport;

    /// <summary>Gets the report file (<c>file</c>). Never <see langword="null"/> on a parsed event.</summary>
    [JsonPropertyName("file")]
    public ReportFile? File { get; init; }

    /// <summary>
    /// Gets a file name that is safe to use on any file system, made from the vendor's
    /// <c>fileName</c> or, when that is unusable, from the reference request id or the candidate.
    /// </summary>
    /// <seealso cref="ReportFileName.Create(string?, long?, Candidate?, string?)"/>
    [JsonIgnore]
    public string SafeFileName => ReportFileName.Create(File?.FileName, ReferenceRequestId, Candidate);

    /// <summary>
    /// Saves the report's PDF into <paramref name="directory"/> under <see cref="SafeFileName"/>,
    /// streaming and atomically, never replacing another report by default. See
    /// <see cref="ReportFile.SaveAsync(string, string, ReportSaveOptions?, CancellationToken)"/>.
    /// In a handler prefer <see cref="SaveFileAsync(string, RefAssuredEventContext, ReportSaveOptions?, CancellationToken)"/>,
    /// whose fallback name carries the delivery id.
    /// </summary>
    /// <param name="directory">The directory to save into; created when missing.</param>
    /// <param name="options">How to save; <see langword="null"/> for the defaults (keep every report, PDF required, private files).</param>
    /// <param name="cancellationToken">Cancels the write; the partial file is removed.</param>
    /// <returns>The full path of the file that holds the report.</returns>
    /// <exception cref="InvalidOperationException">The report has no file.</exception>
    /// <exception cref="ReportContentException">The content is not valid base64, or not a PDF when one is required.</exception>
    /// <exception cref="IOException">The disk failed, or a thousand files of that name already hold other reports.</exception>
    public Task<string> SaveFileAsync(string directory, ReportSaveOptions? options = null, CancellationToken cancellationToken = default)
    {
        var file = File ?? throw new InvalidOperationException("The reference report has no file to save.");
        return file.SaveAsync(directory, SafeFileName, options, cancellationToken);
    }

    /// <summary>
    /// Saves the report's PDF into <paramref name="directory"/> as
    /// <see cref="SaveFileAsync(string, ReportSaveOptions?, CancellationToken)"/> does, under a safe
    /// name that, when the vendor's is unusable and there is no reference request id, is made from
    /// the delivery id (<c>RefAssured_Report_{deliveryId}.pdf</c>), so that two such reports of one
    /// candidate never share a name.
    /// </summary>
    /// <param name="directory">The directory to save into; created when missing.</param>
    /// <param name="context">The context of the delivery that carried the report.</param>
    /// <param name="options">How to save; <see langword="null"/> for the defaults (keep every report, PDF required, private files).</param>
    /// <param name="cancellationToken">Cancels the write; the partial file is removed.</param>
    /// <returns>The full path of the file that holds the report.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The report has no file.</exception>
    /// <exception cref="ReportContentException">The content is not valid base64, or not a PDF when one is required.</exception>
    /// <exception cref="IOException">The disk failed, or a thousand files of that name already hold other reports.</exception>
    public Task<string> SaveFileAsync(string directory, RefAssuredEventContext context, ReportSaveOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var file = File ?? throw new InvalidOperationException("The reference report has no file to save.");
        return file.SaveAsync(directory, ReportFileName.Create(file.FileName, ReferenceRequestId, Candidate, context.DeliveryId), options, cancellationToken);
    }
}

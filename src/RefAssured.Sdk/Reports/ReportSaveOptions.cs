namespace RefAssured.Sdk;

/// <summary>How <see cref="ReportFile.SaveAsync(string, string, ReportSaveOptions?, CancellationToken)"/> saves a report.</summary>
public sealed record ReportSaveOptions
{
    /// <summary>Gets the defaults: never overwrite, require a PDF.</summary>
    public static ReportSaveOptions Default { get; } = new();

    /// <summary>Gets whether an existing file of the same name is replaced. Default <see langword="false"/>: saving fails with an <see cref="IOException"/>.</summary>
    public bool Overwrite { get; init; }

    /// <summary>
    /// Gets whether the content must start with the PDF signature <c>%PDF-</c> to be saved under
    /// a <c>.pdf</c> name. Default <see langword="true"/>: other content fails with <see cref="ReportContentException"/>.
    /// </summary>
    public bool RequirePdf { get; init; } = true;
}

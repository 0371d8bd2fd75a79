namespace RefAssured.Sdk;

/// <summary>How <see cref="ReportFile.SaveAsync(string, string, ReportSaveOptions?, CancellationToken)"/> saves a report.</summary>
public sealed record ReportSaveOptions
{
    private const UnixFileMode Permissions = (UnixFileMode)0b111_111_111;

    /// <summary>Gets the defaults: keep every report, require a PDF, files readable by their owner only.</summary>
    public static ReportSaveOptions Default { get; } = new();

    /// <summary>
    /// Gets whether a report replaces an existing file of the same name. Default <see langword="false"/>:
    /// an existing file with the same bytes is kept and its path returned; one with other bytes is kept
    /// too, and the report is saved under the next free name <c>name (2).pdf</c>, <c>name (3).pdf</c>, …
    /// </summary>
    public bool Overwrite { get; init; }

    /// <summary>
    /// Gets whether the content must start with the PDF signature <c>%PDF-</c> to be saved under
    /// a <c>.pdf</c> name. Default <see langword="true"/>: other content fails with <see cref="ReportContentException"/>.
    /// </summary>
    public bool RequirePdf { get; init; } = true;

    /// <summary>
    /// Gets the permissions, on Unix, of the report files the SDK creates. Directories it creates get
    /// the same plus search (execute) wherever read is granted. Default <see cref="UnixFileMode.UserRead"/>
    /// and <see cref="UnixFileMode.UserWrite"/>: files 0600, directories 0700, as reports hold
    /// personal data. The process's umask still applies; ignored on Windows.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The mode lacks owner read or write, or has bits other than the nine permissions.</exception>
    public UnixFileMode UnixCreateMode
    {
        get;
        init
        {
            if ((value & ~Permissions) != 0 || !value.HasFlag(UnixFileMode.UserRead | UnixFileMode.UserWrite))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "A report file's mode must grant its owner read and write, and hold only the nine permission bits.");
            }

            field = value;
        }
    } = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Gets the mode of the directories created for reports: <see cref="UnixCreateMode"/> plus search wherever read is granted.</summary>
    internal UnixFileMode DirectoryMode =>
        UnixCreateMode
        | (UnixCreateMode.HasFlag(UnixFileMode.UserRead) ? UnixFileMode.UserExecute : 0)
        | (UnixCreateMode.HasFlag(UnixFileMode.GroupRead) ? UnixFileMode.GroupExecute : 0)
        | (UnixCreateMode.HasFlag(UnixFileMode.OtherRead) ? UnixFileMode.OtherExecute : 0);
}

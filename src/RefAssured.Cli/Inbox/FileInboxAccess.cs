namespace RefAssured.Cli;

/// <summary>
/// Opens an existing file inbox for the tool. It never creates one: a directory that does not
/// exist or holds no inbox is refused. An application that has the inbox open holds its lock, so
/// the tool refuses rather than writing the same log. Retention is set out of reach, so that the
/// tool's settings never remove what the application's would keep.
/// </summary>
internal static class FileInboxAccess
{
    private const string SegmentsDirectory = "segments";

    private static readonly TimeSpan Forever = TimeSpan.FromDays(36500);

    public static async Task<OpenInbox> OpenAsync(InboxTarget target, CancellationToken cancellationToken)
    {
        var directory = target.Name;
        if (!Directory.Exists(directory))
        {
            throw CliException.Failure($"No inbox at '{directory}': the directory does not exist.");
        }

        if (!Directory.Exists(Path.Combine(directory, SegmentsDirectory)))
        {
            throw CliException.Failure($"No inbox at '{directory}': the directory holds no file inbox (it has no {SegmentsDirectory} directory).");
        }

        var inbox = new FileRefAssuredInbox(new FileRefAssuredInboxOptions { Directory = directory, Retention = Forever, DeadLetterRetention = Forever });
        try
        {
            await inbox.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RefAssuredInboxUnavailableException ex)
        {
            await inbox.DisposeAsync().ConfigureAwait(false);
            if (ex.InnerException is InboxInUseException)
            {
                throw InUse(directory);
            }

            throw;
        }

        return new OpenInbox(inbox, inbox, (id, body, ct) => FileDeliveryFinder.FindAsync(inbox, target, id, body, ct), inbox, target);
    }

    private static CliException InUse(string directory) => CliException.Failure(
        $"The inbox at '{directory}' is in use by a running application, which holds its lock: stop the application first, or use the PostgreSQL inbox, which can be operated on while applications run.");
}

namespace RefAssured.Sdk;

/// <summary>
/// The durable default inbox: deliveries are kept in a directory on the local disk, with no
/// server and no extra package. An append returns only once the delivery and its metadata are
/// flushed to disk (concurrent appends share one flush), so a process killed right after the
/// 200 loses nothing. On opening it recovers every delivery that was stored and not completed;
/// a torn or corrupt record is set aside in <c>quarantine/</c> without hiding the others.
/// </summary>
public sealed partial class FileRefAssuredInbox : IRefAssuredInbox, IRefAssuredDeadLetterStore, IRefAssuredInboxMonitor, IAsyncDisposable
{
    private readonly FileRefAssuredInboxOptions _options;
    private readonly TimeProvider _timeProvider;

    /// <summary>Initializes an inbox over a directory; nothing is read or written until it is opened or first used.</summary>
    /// <param name="options">The directory, retention and segment size.</param>
    /// <param name="timeProvider">The clock for retry times and retention; <see cref="TimeProvider.System"/> by default.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public FileRefAssuredInbox(FileRefAssuredInboxOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid file inbox options: " + string.Join(" ", problems), nameof(options));
        }

        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        Directory = Path.GetFullPath(options.Directory);
    }

    /// <summary>Gets the full path of the directory the inbox owns.</summary>
    public string Directory { get; }
}

using System.Globalization;

namespace RefAssured.Sdk;

/// <summary>
/// Chooses the file a report is saved as without ever replacing another report: its safe name,
/// else the first free one of <c>name (2).pdf</c>, <c>name (3).pdf</c>, … A file that already
/// holds the same bytes is this report saved before (a redelivery) and is used as it is.
/// </summary>
/// <param name="directory">The full path of the directory the report is saved into.</param>
/// <param name="safeName">The report's safe file name.</param>
internal sealed class ReportFilePlacement(string directory, string safeName)
{
    /// <summary>The most names tried for one report, its safe name included.</summary>
    public const int MaxNames = 1000;

    /// <summary>The path of the <paramref name="number"/>th name: the safe name for 1, else <c>name (number).pdf</c>.</summary>
    public string PathOf(int number) => Path.Combine(
        directory,
        number == 1
            ? safeName
            : string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileNameWithoutExtension(safeName)} ({number}){Path.GetExtension(safeName)}"));

    /// <summary>
    /// Looks, before anything is written, for a file that already holds the report's content,
    /// through the names in order up to the first free one.
    /// </summary>
    /// <returns>The path of that file, or <see langword="null"/>, and the number of the first free name.</returns>
    public async Task<(string? Saved, int FirstFree)> FindSavedAsync(ReportFile file, CancellationToken cancellationToken)
    {
        var valid = file.TryGetContentLength(out var length);
        for (var number = 1; number <= MaxNames; number++)
        {
            var path = PathOf(number);
            if (!Path.Exists(path))
            {
                return (null, number);
            }

            if (valid && await ReportContentComparer.SameAsync(path, length, file.OpenRead, cancellationToken).ConfigureAwait(false))
            {
                return (path, number);
            }
        }

        return (null, MaxNames + 1);
    }

    /// <summary>
    /// Moves the written temporary file to the first free name from <paramref name="first"/> with
    /// <see cref="NoReplaceMove"/>, which fails rather than replace a file that appeared meanwhile,
    /// so two reports saved at once never end up in one file; a file that appeared with the same
    /// bytes is taken as this report.
    /// </summary>
    /// <returns>The path the report is saved as.</returns>
    /// <exception cref="IOException">All <see cref="MaxNames"/> names hold other content, or the disk failed.</exception>
    public async Task<string> PlaceAsync(string temporary, int first, CancellationToken cancellationToken)
    {
        var length = new FileInfo(temporary).Length;
        for (var number = first; number <= MaxNames; number++)
        {
            var path = PathOf(number);
            if (NoReplaceMove.TryMove(temporary, path))
            {
                return path;
            }

            // Taken: by this report's own bytes (a concurrent redelivery), or by another report.
            if (await ReportContentComparer.SameAsync(path, length, () => OpenRead(temporary), cancellationToken).ConfigureAwait(false))
            {
                return path;
            }
        }

        throw new IOException($"Every name from '{safeName}' to '{Path.GetFileName(PathOf(MaxNames))}' in '{directory}' holds another report; the report was not saved.");
    }

    private static FileStream OpenRead(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
}

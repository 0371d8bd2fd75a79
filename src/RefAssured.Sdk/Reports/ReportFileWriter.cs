using System.Buffers;

namespace RefAssured.Sdk;

/// <summary>
/// Saves a report's decoded content safely: a safe name inside the directory, a temporary file
/// decoded piece by piece and flushed to disk, an atomic rename that never replaces a report
/// unless asked (<see cref="ReportFilePlacement"/>), and a flush of the directory so that the new
/// name survives a crash. Files and directories it creates are private to their owner on Unix.
/// </summary>
internal static class ReportFileWriter
{
    private const int SaveBufferSize = 64 * 1024;

    /// <inheritdoc cref="ReportFile.SaveAsync"/>
    public static async Task<string> SaveAsync(ReportFile file, string directory, string fileName, ReportSaveOptions? options, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(fileName);
        options ??= ReportSaveOptions.Default;

        if (file.Base64Content.IsEmpty)
        {
            throw ReportContentException.Missing();
        }

        if (options.RequirePdf && !file.IsPdf)
        {
            throw ReportContentException.NotPdf();
        }

        var safeName = ReportFileName.Sanitize(fileName) ?? ReportFileName.DefaultName;
        var fullDirectory = Path.GetFullPath(directory);
        var target = Path.GetFullPath(Path.Combine(fullDirectory, safeName));
        if (!string.Equals(Path.GetDirectoryName(target), Path.TrimEndingDirectorySeparator(fullDirectory), StringComparison.Ordinal))
        {
            // Sanitize should make this impossible; refuse rather than trust it.
            throw new IOException($"Refusing to save the report outside '{fullDirectory}'.");
        }

        var placement = new ReportFilePlacement(fullDirectory, safeName);
        var firstFree = 1;
        if (!options.Overwrite)
        {
            // A redelivery finds its report already saved: nothing is written again.
            (var saved, firstFree) = await placement.FindSavedAsync(file, cancellationToken).ConfigureAwait(false);
            if (saved is not null)
            {
                return saved;
            }
        }

        CreateDirectory(fullDirectory, options);
        var temporary = Path.Combine(fullDirectory, $".{Guid.NewGuid():N}.report.tmp");
        string path;
        try
        {
            await WriteContentAsync(file.Base64Content, temporary, options, cancellationToken).ConfigureAwait(false);
            if (options.Overwrite)
            {
                File.Move(temporary, target, overwrite: true);
                path = target;
            }
            else
            {
                path = await placement.PlaceAsync(temporary, firstFree, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            // Gone already once moved; left when the write failed or the same bytes were found saved.
            TryDelete(temporary);
        }

        // The new name must reach the disk as well: until it does, a crash can leave only the
        // temporary file behind, although the caller was told that the report is saved.
        DirectorySync.Flush(fullDirectory);
        return path;
    }

    // Creates the missing directories one by one, from the outermost: given a mode, .NET gives it
    // to the innermost directory only.
    private static void CreateDirectory(string directory, ReportSaveOptions options)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
            return;
        }

        var missing = new Stack<string>();
        for (var current = directory; current is not null && !Directory.Exists(current); current = Path.GetDirectoryName(current))
        {
            missing.Push(current);
        }

        while (missing.TryPop(out var path))
        {
            Directory.CreateDirectory(path, options.DirectoryMode);
        }
    }

    // Decodes the content piece by piece into the file, so that a large report is never held
    // decoded in memory whole, then flushes the file to disk.
    private static async Task WriteContentAsync(ReadOnlyMemory<byte> base64Content, string path, ReportSaveOptions options, CancellationToken cancellationToken)
    {
        var streamOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 0, Options = FileOptions.Asynchronous };
        if (!OperatingSystem.IsWindows())
        {
            streamOptions.UnixCreateMode = options.UnixCreateMode;
        }

        var file = new FileStream(path, streamOptions);
        var buffer = ArrayPool<byte>.Shared.Rent(SaveBufferSize);
        try
        {
            await using (file.ConfigureAwait(false))
            {
                var reader = new Base64ContentReader(base64Content);
                int filled;
                while ((filled = Fill(ref reader, buffer.AsSpan(0, SaveBufferSize))) > 0)
                {
                    await file.WriteAsync(buffer.AsMemory(0, filled), cancellationToken).ConfigureAwait(false);
                }

                file.Flush(flushToDisk: true);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // Decodes into the buffer until it is full or the content ends; returns how many bytes it holds.
    private static int Fill(ref Base64ContentReader reader, Span<byte> buffer)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            if (!reader.TryRead(buffer[filled..], out var written))
            {
                throw ReportContentException.InvalidBase64(reader.Position);
            }

            if (written == 0)
            {
                break;
            }

            filled += written;
        }

        return filled;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: a leftover temporary file is harmless and is never taken for a report.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

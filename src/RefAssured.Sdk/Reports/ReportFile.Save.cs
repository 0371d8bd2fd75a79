using System.Buffers;

namespace RefAssured.Sdk;

public sealed partial record ReportFile
{
    private const int SaveBufferSize = 64 * 1024;

    /// <summary>
    /// Saves the decoded content into <paramref name="directory"/>: it streams to a temporary file
    /// in that directory, flushes it to disk, then renames it into place and flushes the directory,
    /// so a reader never sees a partial report and a saved report survives a crash. The name is
    /// made safe first; the file is never written outside the directory.
    /// </summary>
    /// <param name="directory">The directory to save into; created when missing.</param>
    /// <param name="fileName">The file name; made safe with <see cref="ReportFileName.Sanitize(string?)"/>, falling back to <c>RefAssured_Report.pdf</c>.</param>
    /// <param name="options">How to save; <see langword="null"/> for <see cref="ReportSaveOptions.Default"/>.</param>
    /// <param name="cancellationToken">Cancels the write; the temporary file is removed.</param>
    /// <returns>The full path of the saved file.</returns>
    /// <exception cref="ArgumentException"><paramref name="directory"/> is empty or white space.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="directory"/> or <paramref name="fileName"/> is <see langword="null"/>.</exception>
    /// <exception cref="ReportContentException">The content is missing, not valid base64, or not a PDF when one is required.</exception>
    /// <exception cref="IOException">The file exists and <see cref="ReportSaveOptions.Overwrite"/> is not set, or the disk failed.</exception>
    public async Task<string> SaveAsync(string directory, string fileName, ReportSaveOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(fileName);
        options ??= ReportSaveOptions.Default;

        if (Base64Content.IsEmpty)
        {
            throw ReportContentException.Missing();
        }

        if (options.RequirePdf && !IsPdf)
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

        if (!options.Overwrite && File.Exists(target))
        {
            throw AlreadyExists(safeName, fullDirectory, inner: null);
        }

        Directory.CreateDirectory(fullDirectory);
        var temporary = Path.Combine(fullDirectory, $".{Guid.NewGuid():N}.report.tmp");
        try
        {
            await WriteContentAsync(temporary, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }

        try
        {
            // Without overwrite the move fails if the name appeared meanwhile: no report is replaced silently.
            File.Move(temporary, target, options.Overwrite);
        }
        catch (IOException ex) when (!options.Overwrite && File.Exists(target))
        {
            TryDelete(temporary);
            throw AlreadyExists(safeName, fullDirectory, ex);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }

        // The new name must reach the disk as well: until it does, a crash can leave only the
        // temporary file behind, although the caller was told that the report is saved.
        DirectorySync.Flush(fullDirectory);
        return target;
    }

    // Decodes the content piece by piece into the file, so that a large report is never held
    // decoded in memory whole, then flushes the file to disk.
    private async Task WriteContentAsync(string path, CancellationToken cancellationToken)
    {
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous);
        var buffer = ArrayPool<byte>.Shared.Rent(SaveBufferSize);
        try
        {
            await using (file.ConfigureAwait(false))
            {
                var reader = new Base64ContentReader(Base64Content);
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

    private static IOException AlreadyExists(string name, string directory, IOException? inner) =>
        new($"The report file '{name}' already exists in '{directory}'. Set ReportSaveOptions.Overwrite to replace it.", inner);

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

using System.Buffers;

namespace RefAssured.Sdk;

/// <summary>
/// Saves a report's decoded content safely: a safe name inside the directory, a temporary file
/// decoded piece by piece and flushed to disk, an atomic rename that never replaces a report
/// unless asked, and a flush of the directory so that the new name survives a crash.
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

        if (!options.Overwrite && File.Exists(target))
        {
            throw AlreadyExists(safeName, fullDirectory, inner: null);
        }

        Directory.CreateDirectory(fullDirectory);
        var temporary = Path.Combine(fullDirectory, $".{Guid.NewGuid():N}.report.tmp");
        try
        {
            await WriteContentAsync(file.Base64Content, temporary, cancellationToken).ConfigureAwait(false);
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
    private static async Task WriteContentAsync(ReadOnlyMemory<byte> base64Content, string path, CancellationToken cancellationToken)
    {
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous);
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

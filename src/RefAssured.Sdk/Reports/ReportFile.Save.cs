using System.Buffers;
using Microsoft.Win32.SafeHandles;

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

    // Large content is decoded into aligned blocks written past the file cache where the system
    // allows it (see DirectWriter), the last partial block through the cache; the rest as before.
    private async Task WriteContentAsync(string path, CancellationToken cancellationToken)
    {
        using var file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, FileOptions.Asynchronous);
        var direct = Base64Content.Length / 4 * 3 >= DirectWriter.Threshold && DirectWriter.TrySetDirect(file, direct: true);
        AlignedBuffer? aligned = direct ? AlignedBuffer.Rent() : null;
        var pooled = direct ? null : ArrayPool<byte>.Shared.Rent(SaveBufferSize);
        try
        {
            var buffer = aligned?.Memory ?? pooled.AsMemory(0, SaveBufferSize);
            var reader = new Base64ContentReader(Base64Content);
            var offset = 0L;
            while (true)
            {
                var filled = 0;
                while (filled < buffer.Length)
                {
                    if (!reader.TryRead(buffer.Span[filled..], out var written))
                    {
                        throw ReportContentException.InvalidBase64(reader.Position);
                    }

                    if (written == 0)
                    {
                        break;
                    }

                    filled += written;
                }

                if (filled == 0)
                {
                    break;
                }

                var blocks = direct ? filled / DirectWriter.Alignment * DirectWriter.Alignment : filled;
                if (blocks > 0)
                {
                    direct = await WriteAsync(file, buffer[..blocks], offset, direct, cancellationToken).ConfigureAwait(false);
                }

                if (blocks < filled)
                {
                    // The last, partial block goes through the cache.
                    if (direct)
                    {
                        _ = DirectWriter.TrySetDirect(file, direct: false);
                        direct = false;
                    }

                    await RandomAccess.WriteAsync(file, buffer[blocks..filled], offset + blocks, cancellationToken).ConfigureAwait(false);
                }

                offset += filled;
                if (filled < buffer.Length)
                {
                    break;
                }
            }

            RandomAccess.FlushToDisk(file);
        }
        finally
        {
            aligned?.Return();
            if (pooled is not null)
            {
                ArrayPool<byte>.Shared.Return(pooled);
            }
        }
    }

    // Returns whether the file still takes direct writes. A failed direct write turns them off and
    // goes through the cache instead, which reports a real disk error itself.
    private static async ValueTask<bool> WriteAsync(SafeFileHandle file, ReadOnlyMemory<byte> data, long offset, bool direct, CancellationToken cancellationToken)
    {
        if (direct)
        {
            try
            {
                await RandomAccess.WriteAsync(file, data, offset, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (IOException) when (DirectWriter.TrySetDirect(file, direct: false))
            {
            }
        }

        await RandomAccess.WriteAsync(file, data, offset, cancellationToken).ConfigureAwait(false);
        return false;
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

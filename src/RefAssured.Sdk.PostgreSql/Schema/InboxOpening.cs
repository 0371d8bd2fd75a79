namespace RefAssured.Sdk.PostgreSql;

/// <summary>
/// Opens an inbox once, on its first use or an explicit open: applies the schema, then starts the
/// background work; or, with <paramref name="existingSchemaOnly"/>, only checks that the schema
/// exists at this package's version and starts nothing. Closing is final; an inbox closed meanwhile throws
/// <see cref="ObjectDisposedException"/> rather than opening.
/// </summary>
#pragma warning disable CA1001 // The semaphore's wait handle is never asked for, so it holds nothing to release; left undisposed, a second close of the inbox stays harmless.
internal sealed class InboxOpening(InboxDatabase database, InboxBackground background, object owner, bool existingSchemaOnly)
#pragma warning restore CA1001
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private volatile bool _open;
    private volatile bool _closed;

    public bool IsClosed => _closed;

    public async ValueTask EnsureOpenAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_closed, owner);
        if (_open)
        {
            return;
        }

        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_closed, owner);
            if (_open)
            {
                return;
            }

            try
            {
                if (existingSchemaOnly)
                {
                    await PostgreSqlSchema.CheckAsync(database, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await PostgreSqlSchema.ApplyAsync(database, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (DatabaseErrors.IsDatabaseError(ex))
            {
                throw DatabaseErrors.Unavailable("open its schema", ex);
            }

            if (!existingSchemaOnly)
            {
                background.Start();
            }

            _open = true;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Marks the inbox closed, after any opening under way; <see langword="false"/> when it already was.</summary>
    public async ValueTask<bool> TryCloseAsync()
    {
        await _lock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_closed)
            {
                return false;
            }

            _closed = true;
            return true;
        }
        finally
        {
            _lock.Release();
        }
    }
}

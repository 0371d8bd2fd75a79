namespace RefAssured.Sdk.PostgreSql;

/// <summary>Tells the optional observer of an inbox error without letting the observer's own failure reach the inbox.</summary>
internal sealed class InboxObserver(RefAssuredObserver? observer)
{
    public void Failed(string operation, Exception exception)
    {
        if (observer is null)
        {
            return;
        }

        try
        {
            observer.InboxFailed(operation, exception);
        }
#pragma warning disable CA1031 // An observer is diagnostics only; its failure must not change what the inbox does.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}

namespace RefAssured.Sdk;

/// <summary>Calls an optional observer without letting its failure reach the pipeline.</summary>
internal static class ObserverExtensions
{
    public static void SafeNotify(this RefAssuredObserver? observer, Action<RefAssuredObserver> notify)
    {
        if (observer is null)
        {
            return;
        }

        try
        {
            notify(observer);
        }
#pragma warning disable CA1031 // An observer is diagnostics only; its failure must not change what the SDK does.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}

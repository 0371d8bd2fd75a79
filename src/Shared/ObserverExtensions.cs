namespace RefAssured.Sdk;

/// <summary>Calls an optional observer without letting its failure reach the pipeline.</summary>
internal static class ObserverExtensions
{
    public static void SafeNotify(this RefAssuredObserver? observer, Action<RefAssuredObserver> notify) =>
        observer.SafeNotify(notify, static (o, n) => n(o));

    /// <summary>Calls the observer with an argument passed along, so that a static lambda allocates no closure.</summary>
    public static void SafeNotify<TState>(this RefAssuredObserver? observer, TState state, Action<RefAssuredObserver, TState> notify)
    {
        if (observer is null)
        {
            return;
        }

        try
        {
            notify(observer, state);
        }
#pragma warning disable CA1031 // An observer is diagnostics only; its failure must not change what the SDK does.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}

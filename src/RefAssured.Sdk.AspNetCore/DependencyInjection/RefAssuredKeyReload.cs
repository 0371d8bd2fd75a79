using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace RefAssured.Sdk.AspNetCore;

/// <summary>
/// Keeps the receiver's keys in step with configuration: when the bound configuration reloads
/// (or another change-token source of the options fires), the options are built and validated again and, if valid, their
/// <see cref="RefAssuredWebhookOptions.Key"/> and <see cref="RefAssuredWebhookOptions.AdditionalKeys"/>
/// apply from the next request. Invalid options change nothing: the keys in use stay and an
/// error is logged. Other settings are read once, at start. Disposed with the container.
/// It follows from when the receiver is built (the first request), catching up then with any
/// change since start.
/// </summary>
internal sealed partial class RefAssuredKeyReload(
    IOptionsFactory<RefAssuredWebhookOptions> factory,
    RefAssuredConfigurationBinding binding,
    IEnumerable<IOptionsChangeTokenSource<RefAssuredWebhookOptions>> sources,
    ILoggerFactory loggerFactory) : IDisposable
{
    /// <summary>The event id of the error logged when reloaded options are refused.</summary>
    public const int KeyReloadRefusedId = 6;

    private readonly List<IDisposable> _subscriptions = [];
    private readonly ILogger _logger = loggerFactory.CreateLogger(RefAssuredLoggingObserver.Category);

    /// <summary>The set of the configured keys: <see cref="RefAssuredWebhookOptions.Key"/> first, then the additional ones.</summary>
    public static RefAssuredKeySet KeysOf(RefAssuredWebhookOptions options)
    {
        var keys = new List<string>();
        if (!string.IsNullOrEmpty(options.Key))
        {
            keys.Add(options.Key);
        }

        keys.AddRange(options.AdditionalKeys.Where(k => !string.IsNullOrEmpty(k)));
        return new RefAssuredKeySet(keys);
    }

    /// <summary>Updates the keys of <paramref name="receiverOptions"/>, which the receiver reads on every request, whenever the options change.</summary>
    public void Follow(RefAssuredReceiverOptions receiverOptions)
    {
        // The receiver is built on the first request: catch up with what changed since start.
        Reload(receiverOptions);
        _subscriptions.Add(ChangeToken.OnChange(binding.GetChangeToken, () => Reload(receiverOptions)));
        foreach (var source in sources)
        {
            if (source.Name is null || source.Name == Options.DefaultName)
            {
                _subscriptions.Add(ChangeToken.OnChange(source.GetChangeToken, () => Reload(receiverOptions)));
            }
        }
    }

    public void Dispose()
    {
        _subscriptions.ForEach(s => s.Dispose());
        _subscriptions.Clear();
    }

    private void Reload(RefAssuredReceiverOptions receiverOptions)
    {
        try
        {
            receiverOptions.Keys = KeysOf(factory.Create(Options.DefaultName));
        }
        catch (OptionsValidationException e)
        {
            Log.KeyReloadRefused(_logger, string.Join(" ", e.Failures));
        }
        catch (InvalidOperationException e)
        {
            // The binder throws this for a value of the wrong type.
            Log.KeyReloadRefused(_logger, e.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(
            EventId = KeyReloadRefusedId,
            EventName = "KeyReloadRefused",
            Level = LogLevel.Error,
            Message = "The RefAssured configuration changed but is not valid, so the keys in use stay: {Failures}")]
        public static partial void KeyReloadRefused(ILogger logger, string failures);
    }
}

namespace RefAssured.Sdk.HttpListener;

/// <summary>
/// Dispatches to the handlers an <see cref="IServiceProvider"/> holds, resolved per delivery, for
/// applications that keep their handlers in a container without ASP.NET Core. Handler types are
/// named in code, not discovered, so nothing here depends on reflection.
/// </summary>
internal sealed class ServiceProviderDispatcher(IServiceProvider services) : IRefAssuredDispatcher
{
    public Task<RefAssuredDispatchResult> DispatchAsync(RefAssuredDelivery delivery, CancellationToken cancellationToken)
    {
        var builder = new RefAssuredDispatcherBuilder();
        switch (delivery.EventType)
        {
            case RefAssuredEventType.SalesOptIn:
                Register<SalesOptIn>(builder);
                break;
            case RefAssuredEventType.CandidateOptIn:
                Register<CandidateOptIn>(builder);
                break;
            case RefAssuredEventType.CandidateNote:
                Register<CandidateNote>(builder);
                break;
            default:
                Register<ReferenceReport>(builder);
                break;
        }

        return builder.Build().DispatchAsync(delivery, cancellationToken);
    }

    private void Register<TEvent>(RefAssuredDispatcherBuilder builder)
        where TEvent : RefAssuredEvent
    {
        if (services.GetService(typeof(IEnumerable<IRefAssuredHandler<TEvent>>)) is IEnumerable<IRefAssuredHandler<TEvent>> handlers)
        {
            foreach (var handler in handlers)
            {
                builder.AddHandler(handler);
            }
        }
    }
}

namespace RefAssured.Sdk.Testing;

/// <summary>How <see cref="RefAssuredHttpClientExtensions"/> posts an event and how long it waits for its handlers.</summary>
public sealed class RefAssuredPostOptions
{
    /// <summary>The time waited for the handlers by default: 30 seconds, generous for a busy build machine.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets the verification key sent in <c>x-refassured-key</c>. Default <see langword="null"/>:
    /// the application's own key, <c>RefAssured:Key</c> as its options hold it (from configuration,
    /// <c>REFASSURED_WEBHOOK_KEY</c> or code), or else its first additional key. Set it to test a wrong
    /// key, or when the application resolves keys with an <see cref="IRefAssuredKeyResolver"/>.
    /// </summary>
    public string? Key { get; set; }

    /// <summary>
    /// Gets or sets the path posted to, relative to the client's base address, for example
    /// <c>/webhooks/refassured/sales-optin</c>. Default <see langword="null"/>: the path is found among
    /// the application's endpoints, the first one mapped by <c>MapRefAssuredWebhooks</c> (with the
    /// event's hyphenated route name) or by <c>MapRefAssuredWebhook&lt;TEvent&gt;</c> for the event,
    /// whose pattern has no other route parameter. Set it for routes with parameters such as a tenant.
    /// </summary>
    public string? Path { get; set; }

    /// <summary>
    /// Gets or sets how long to wait for the handlers once the event is stored before a
    /// <see cref="TimeoutException"/>. Default <see cref="DefaultTimeout"/>; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> waits without limit.
    /// </summary>
    public TimeSpan Timeout { get; set; } = DefaultTimeout;

    /// <summary>
    /// Gets or sets whether to wait past failed attempts until the delivery is settled: handled, or
    /// dead-lettered. Default <see langword="false"/>: the first attempt's outcome is returned, which is
    /// <see cref="RefAssuredPostResult.Failed"/> when a handler failed and a retry is due. Set it together
    /// with a short retry delay in the application (<c>RefAssured:Retry:InitialDelay</c>) to test retries.
    /// </summary>
    public bool WaitUntilSettled { get; set; }
}

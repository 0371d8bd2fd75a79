namespace RefAssured.Sdk.Hosting;

/// <summary>How <see cref="RefAssuredWorker"/> processes deliveries.</summary>
public sealed class RefAssuredWorkerOptions
{
    /// <summary>Gets or sets how many deliveries are handled at once. Default 4.</summary>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>
    /// Gets or sets how long in-flight handlers may go on after shutdown begins before their
    /// cancellation token is cancelled. Deliveries not finished by then stay stored for the next
    /// start. Default 10 seconds.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets when failed deliveries are retried. Default <see cref="RefAssuredRetryPolicy.Default"/>.</summary>
    public RefAssuredRetryPolicy RetryPolicy { get; set; } = RefAssuredRetryPolicy.Default;

    /// <summary>
    /// Gets or sets whether the error kept with a failed delivery (in the inbox, its dead letters
    /// and the file inbox's audit trail) includes the exception messages. Messages often quote
    /// payload values, which the audit trail must not hold, so by default only the handler names
    /// and exception types are kept; the observer is told of the whole exceptions either way.
    /// Default <see langword="false"/>.
    /// </summary>
    public bool StoreExceptionMessages { get; set; }

    /// <summary>Gets or sets the observer told of handler failures and dead letters; optional.</summary>
    public RefAssuredObserver? Observer { get; set; }
}

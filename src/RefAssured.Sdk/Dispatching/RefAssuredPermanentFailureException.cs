namespace RefAssured.Sdk;

/// <summary>
/// Thrown by a handler to say that retrying cannot help (the payload is unusable for it, not
/// the network or a database being down). The delivery is dead-lettered at once, not retried.
/// </summary>
public class RefAssuredPermanentFailureException : Exception
{
    /// <summary>Initializes a new instance with a default message.</summary>
    public RefAssuredPermanentFailureException()
        : base("The delivery cannot be handled, and retrying will not change that.")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">Why the delivery cannot be handled.</param>
    public RefAssuredPermanentFailureException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and its cause.</summary>
    /// <param name="message">Why the delivery cannot be handled.</param>
    /// <param name="innerException">The cause.</param>
    public RefAssuredPermanentFailureException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

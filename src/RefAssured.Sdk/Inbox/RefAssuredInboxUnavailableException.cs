namespace RefAssured.Sdk.Hosting;

/// <summary>The inbox cannot store a delivery (it is full, the disk failed, the directory is not writable…).</summary>
public sealed class RefAssuredInboxUnavailableException : Exception
{
    /// <summary>Initializes a new instance with a default message.</summary>
    public RefAssuredInboxUnavailableException()
        : base("The inbox cannot store the delivery.")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">Why the delivery cannot be stored.</param>
    public RefAssuredInboxUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and its cause.</summary>
    /// <param name="message">Why the delivery cannot be stored.</param>
    /// <param name="innerException">The cause.</param>
    public RefAssuredInboxUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

using System.Net;

namespace RefAssured.Sdk.Testing;

/// <summary>
/// The outcome of an event posted to an application under test: the answer of its endpoint and,
/// when the event was stored, what its handlers did with it.
/// </summary>
public sealed class RefAssuredPostOutcome
{
    internal RefAssuredPostOutcome(HttpStatusCode statusCode, string responseBody, string? deliveryId, RefAssuredPostResult result, int attempt, RefAssuredDispatchResult? dispatch)
    {
        StatusCode = statusCode;
        ResponseBody = responseBody;
        DeliveryId = deliveryId;
        Result = result;
        Attempt = attempt;
        Dispatch = dispatch;
    }

    /// <summary>Gets the status the endpoint answered with: 200 when the event was stored.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>
    /// Gets the body of the answer: <c>{"status":"received","deliveryId":"…"}</c> on 200, otherwise the
    /// problem details (<c>application/problem+json</c>) naming the cause.
    /// </summary>
    public string ResponseBody { get; }

    /// <summary>Gets the id the application gave the stored delivery, or <see langword="null"/> when it was rejected.</summary>
    public string? DeliveryId { get; }

    /// <summary>Gets what became of the event.</summary>
    public RefAssuredPostResult Result { get; }

    /// <summary>Gets whether the event was stored and every handler for it succeeded.</summary>
    public bool IsHandled => Result == RefAssuredPostResult.Handled;

    /// <summary>Gets the number of the processing attempt this outcome is from, from 1; 0 when the event was rejected.</summary>
    public int Attempt { get; }

    /// <summary>
    /// Gets what the handlers did in that attempt, one outcome per handler called (with the
    /// handler's name and exception), and the parse error when the stored body did not parse;
    /// <see langword="null"/> when the event was rejected.
    /// </summary>
    public RefAssuredDispatchResult? Dispatch { get; }

    /// <summary>Gets the exception of the first handler that failed, or <see langword="null"/> when none failed.</summary>
    public Exception? Exception => Dispatch?.Outcomes.FirstOrDefault(o => !o.Succeeded)?.Exception;

    /// <summary>Describes the outcome in one line, for assertion messages.</summary>
    /// <returns>For example <c>200 Handled delivery 01JD… attempt 1</c>, or <c>401 Rejected: {…problem…}</c>.</returns>
    public override string ToString() => Result switch
    {
        RefAssuredPostResult.Rejected => $"{(int)StatusCode} {Result}: {ResponseBody}",
        RefAssuredPostResult.Handled => $"{(int)StatusCode} {Result} delivery {DeliveryId} attempt {Attempt}",
        _ => $"{(int)StatusCode} {Result} delivery {DeliveryId} attempt {Attempt}: {Dispatch}",
    };
}

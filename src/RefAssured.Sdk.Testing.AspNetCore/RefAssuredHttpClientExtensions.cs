using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RefAssured.Sdk.AspNetCore;
using RefAssured.Sdk.Testing.Posting;
using RefAssured.Sdk.Testing.Recording;

namespace RefAssured.Sdk.Testing;

/// <summary>
/// Posts RefAssured events to an application under test, as RefAssured does, and waits until its
/// handlers have run. Works with any <see cref="HttpClient"/> that reaches the application, such as
/// <c>WebApplicationFactory.CreateClient()</c> or <c>TestServer.CreateClient()</c>, given the
/// application's services (<c>factory.Services</c>, <c>server.Services</c>), in which
/// <see cref="RefAssuredTestingServiceCollectionExtensions.AddRefAssuredTesting"/> was called.
/// </summary>
/// <remarks>
/// An answer other than 200 is returned as a <see cref="RefAssuredPostResult.Rejected"/> outcome
/// with its status and problem body, without waiting and without throwing, so that a test can
/// assert a 401 or a 400 as plainly as a success. Exceptions are for what a test cannot assert
/// on: a misconfigured application or helper, and a wait that timed out.
/// </remarks>
public static class RefAssuredHttpClientExtensions
{
    /// <summary>
    /// Posts <paramref name="evt"/>, written as RefAssured's JSON body, to the application's endpoint
    /// for its event type with the application's key, and waits for its handlers.
    /// </summary>
    /// <param name="client">A client of the application under test.</param>
    /// <param name="services">The application's services, where <c>AddRefAssuredTesting()</c> was called.</param>
    /// <param name="evt">The event, for example <c>RefAssuredSamples.SalesOptIn</c> or a variation of it.</param>
    /// <param name="options">Key, path and timeout; the defaults of <see cref="RefAssuredPostOptions"/> when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the request and the wait.</param>
    /// <returns>The endpoint's answer and, when the event was stored, what its handlers did with it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="client"/>, <paramref name="services"/> or <paramref name="evt"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">
    /// <c>AddRefAssuredTesting()</c> was not called on the application's services, no key is configured
    /// and none was given, no endpoint for the event is mapped and no path was given, or a 200 answer
    /// did not come from the RefAssured receiver.
    /// </exception>
    /// <exception cref="TimeoutException">The event was stored but its handlers did not finish within <see cref="RefAssuredPostOptions.Timeout"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static Task<RefAssuredPostOutcome> PostRefAssuredEventAsync(
        this HttpClient client, IServiceProvider services, RefAssuredEvent evt, RefAssuredPostOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evt);
        return client.PostRefAssuredEventAsync(services, evt.EventType, RefAssuredEventJson.ToUtf8Bytes(evt), options, cancellationToken);
    }

    /// <summary>
    /// Posts <paramref name="json"/> exactly as given, a raw JSON body such as
    /// <c>RefAssuredSamples.GetJson(type)</c> or a malformed one, to the application's endpoint for
    /// <paramref name="eventType"/> with the application's key, and waits for its handlers.
    /// </summary>
    /// <param name="client">A client of the application under test.</param>
    /// <param name="services">The application's services, where <c>AddRefAssuredTesting()</c> was called.</param>
    /// <param name="eventType">The event type, which decides the path.</param>
    /// <param name="json">The body, sent in UTF-8 as <c>application/json</c>.</param>
    /// <param name="options">Key, path and timeout; the defaults of <see cref="RefAssuredPostOptions"/> when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the request and the wait.</param>
    /// <returns>The endpoint's answer and, when the event was stored, what its handlers did with it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="client"/>, <paramref name="services"/> or <paramref name="json"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">
    /// <c>AddRefAssuredTesting()</c> was not called on the application's services, no key is configured
    /// and none was given, no endpoint for the event is mapped and no path was given, or a 200 answer
    /// did not come from the RefAssured receiver.
    /// </exception>
    /// <exception cref="TimeoutException">The event was stored but its handlers did not finish within <see cref="RefAssuredPostOptions.Timeout"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static Task<RefAssuredPostOutcome> PostRefAssuredEventAsync(
        this HttpClient client, IServiceProvider services, RefAssuredEventType eventType, string json, RefAssuredPostOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(json);
        return client.PostRefAssuredEventAsync(services, eventType, System.Text.Encoding.UTF8.GetBytes(json), options, cancellationToken);
    }

    /// <summary>
    /// Posts <paramref name="body"/> exactly as given, a raw JSON body such as
    /// <c>RefAssuredSamples.GetUtf8Json(type)</c> or a malformed one, to the application's endpoint for
    /// <paramref name="eventType"/> with the application's key, and waits for its handlers.
    /// </summary>
    /// <param name="client">A client of the application under test.</param>
    /// <param name="services">The application's services, where <c>AddRefAssuredTesting()</c> was called.</param>
    /// <param name="eventType">The event type, which decides the path.</param>
    /// <param name="body">The body, sent as <c>application/json</c>.</param>
    /// <param name="options">Key, path and timeout; the defaults of <see cref="RefAssuredPostOptions"/> when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the request and the wait.</param>
    /// <returns>The endpoint's answer and, when the event was stored, what its handlers did with it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="client"/>, <paramref name="services"/> or <paramref name="body"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">
    /// <c>AddRefAssuredTesting()</c> was not called on the application's services, no key is configured
    /// and none was given, no endpoint for the event is mapped and no path was given, or a 200 answer
    /// did not come from the RefAssured receiver.
    /// </exception>
    /// <exception cref="TimeoutException">The event was stored but its handlers did not finish within <see cref="RefAssuredPostOptions.Timeout"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="RefAssuredPostOptions.Timeout"/> is negative and not <see cref="Timeout.InfiniteTimeSpan"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<RefAssuredPostOutcome> PostRefAssuredEventAsync(
        this HttpClient client, IServiceProvider services, RefAssuredEventType eventType, byte[] body, RefAssuredPostOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(body);
        options ??= new RefAssuredPostOptions();
        if (options.Timeout < TimeSpan.Zero && options.Timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Timeout, "RefAssuredPostOptions.Timeout cannot be negative, but for Timeout.InfiniteTimeSpan.");
        }

        var recorder = services.GetService<DeliveryAttemptRecorder>() ?? throw new InvalidOperationException(
            "The application under test does not record its RefAssured deliveries. Call services.AddRefAssuredTesting() after AddRefAssuredWebhooks(...): " +
            "with WebApplicationFactory, in builder.ConfigureTestServices(services => services.AddRefAssuredTesting()).");

        using var request = new HttpRequestMessage(HttpMethod.Post, options.Path ?? WebhookRoutes.Find(services, eventType))
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation(RefAssuredReceiver.KeyHeaderName, options.Key ?? KeyOf(services));

        using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var answer = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return new RefAssuredPostOutcome(response.StatusCode, answer, null, RefAssuredPostResult.Rejected, 0, null);
        }

        var deliveryId = AcceptedAnswer.DeliveryId(answer);
        var attempt = await recorder.WaitAsync(deliveryId, options.WaitUntilSettled, options.Timeout, cancellationToken).ConfigureAwait(false);
        return new RefAssuredPostOutcome(response.StatusCode, answer, deliveryId, attempt.Result, attempt.Attempt, attempt.Dispatch);
    }

    private static string KeyOf(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<RefAssuredWebhookOptions>>().Value;
        return (string.IsNullOrEmpty(options.Key) ? options.AdditionalKeys.FirstOrDefault(k => !string.IsNullOrEmpty(k)) : options.Key)
            ?? throw new InvalidOperationException(
                "The application under test has no RefAssured key configured (RefAssured:Key, REFASSURED_WEBHOOK_KEY or AdditionalKeys): set one, or set RefAssuredPostOptions.Key.");
    }
}

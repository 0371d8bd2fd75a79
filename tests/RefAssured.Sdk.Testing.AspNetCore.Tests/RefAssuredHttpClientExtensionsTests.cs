using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using RefAssured.Sdk.Testing.AspNetCore.Tests.Infrastructure;
using Xunit;

namespace RefAssured.Sdk.Testing.AspNetCore.Tests;

/// <summary>Posting events to an application on TestServer and waiting for what its handlers did.</summary>
public sealed class RefAssuredHttpClientExtensionsTests
{
    public static TheoryData<string> Inboxes => new() { "InMemory", "File" };

    // Generous: the machine may be busy.
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Inboxes))]
    public async Task Post_HandlerSucceeds_ReturnsHandledWithTheDeliveryIdOfTheAnswer(string inbox)
    {
        await using var app = await TestApp.StartAsync(inbox);

        var outcome = await app.Client.PostRefAssuredEventAsync(app.Services, RefAssuredSamples.SalesOptIn, cancellationToken: Cancellation);

        Assert.Equal(RefAssuredPostResult.Handled, outcome.Result);
        Assert.True(outcome.IsHandled);
        Assert.Equal(HttpStatusCode.OK, outcome.StatusCode);
        Assert.Equal($"{{\"status\":\"received\",\"deliveryId\":\"{outcome.DeliveryId}\"}}", outcome.ResponseBody);
        Assert.Equal(1, outcome.Attempt);
        Assert.Null(outcome.Exception);
        Assert.Equal((nameof(LeadHandler), outcome.DeliveryId!, 1), Assert.Single(app.Log.Calls));
    }

    [Theory]
    [MemberData(nameof(Inboxes))]
    public async Task Post_HandlerThrows_ReturnsFailedWithTheHandlersException(string inbox)
    {
        await using var app = await TestApp.StartAsync(inbox);

        var outcome = await app.Client.PostRefAssuredEventAsync(app.Services, RefAssuredSamples.CandidateNote, cancellationToken: Cancellation);

        Assert.Equal(RefAssuredPostResult.Failed, outcome.Result);
        Assert.False(outcome.IsHandled);
        Assert.Equal(HttpStatusCode.OK, outcome.StatusCode);
        Assert.Equal(1, outcome.Attempt);
        var exception = Assert.IsType<InvalidOperationException>(outcome.Exception);
        Assert.Equal("The CRM is unavailable (attempt 1).", exception.Message);
        var handler = Assert.Single(outcome.Dispatch!.Outcomes);
        Assert.Contains(nameof(NoteHandler), handler.HandlerName, StringComparison.Ordinal);
        Assert.Contains("Failed delivery " + outcome.DeliveryId, outcome.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_HandlerFailsPermanently_ReturnsDeadLettered()
    {
        await using var app = await TestApp.StartAsync();

        var outcome = await app.Client.PostRefAssuredEventAsync(app.Services, RefAssuredSamples.CandidateOptIn, cancellationToken: Cancellation);

        Assert.Equal(RefAssuredPostResult.DeadLettered, outcome.Result);
        Assert.IsType<RefAssuredPermanentFailureException>(outcome.Exception);
    }

    [Fact]
    public async Task Post_LastAttemptFails_ReturnsDeadLetteredAndTheInboxHoldsTheDeadLetter()
    {
        await using var app = await TestApp.StartAsync(settings: new() { ["RefAssured:Retry:MaxAttempts"] = "1" });

        var outcome = await app.Client.PostRefAssuredEventAsync(app.Services, RefAssuredSamples.CandidateNote, cancellationToken: Cancellation);

        Assert.Equal(RefAssuredPostResult.DeadLettered, outcome.Result);
        var deadLetters = app.Services.GetRequiredService<IRefAssuredDeadLetterStore>();
        await Wait.UntilAsync(async () => await deadLetters.GetDeadLetterAsync(outcome.DeliveryId!, Cancellation) is not null, "the dead letter to be recorded", Limit);
    }

    [Fact]
    public async Task Post_WaitUntilSettled_ReturnsTheRetryThatSucceeded()
    {
        await using var app = await TestApp.StartAsync(settings: new() { ["RefAssured:Retry:InitialDelay"] = "00:00:00.050" });
        app.Log.NoteFailures = 1;

        var outcome = await app.Client.PostRefAssuredEventAsync(
            app.Services, RefAssuredSamples.CandidateNote, new RefAssuredPostOptions { WaitUntilSettled = true }, Cancellation);

        Assert.Equal(RefAssuredPostResult.Handled, outcome.Result);
        Assert.Equal(2, outcome.Attempt);
        Assert.Equal([1, 2], app.Log.Calls.Where(c => c.DeliveryId == outcome.DeliveryId).Select(c => c.Attempt));
    }

    [Fact]
    public async Task Post_WrongKey_Returns401WithTheProblemAndRunsNoHandler()
    {
        await using var app = await TestApp.StartAsync();

        var outcome = await app.Client.PostRefAssuredEventAsync(app.Services, RefAssuredSamples.SalesOptIn, new RefAssuredPostOptions { Key = "wrong-key" }, Cancellation);

        Assert.Equal(HttpStatusCode.Unauthorized, outcome.StatusCode);
        Assert.Equal(RefAssuredPostResult.Rejected, outcome.Result);
        Assert.Null(outcome.DeliveryId);
        Assert.Null(outcome.Dispatch);
        Assert.Equal(0, outcome.Attempt);
        Assert.Contains("\"status\":401", outcome.ResponseBody, StringComparison.Ordinal);
        Assert.StartsWith("401 Rejected: {", outcome.ToString(), StringComparison.Ordinal);
        Assert.Empty(app.Log.Calls);
    }

    [Fact]
    public async Task Post_MalformedRawBody_Returns400WithoutWaiting()
    {
        await using var app = await TestApp.StartAsync();

        var outcome = await app.Client.PostRefAssuredEventAsync(app.Services, RefAssuredEventType.SalesOptIn, "{\"candidate\":", cancellationToken: Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, outcome.StatusCode);
        Assert.Equal(RefAssuredPostResult.Rejected, outcome.Result);
    }

    [Fact]
    public async Task Post_VendorSampleAsRawJson_IsHandled()
    {
        await using var app = await TestApp.StartAsync();

        var outcome = await app.Client.PostRefAssuredEventAsync(app.Services, RefAssuredEventType.SalesOptIn, RefAssuredSamples.GetJson(RefAssuredEventType.SalesOptIn), cancellationToken: Cancellation);

        Assert.True(outcome.IsHandled, outcome.ToString());
    }

    [Fact]
    public async Task Post_HandlerStillRunningAtTheTimeout_ThrowsTimeoutExceptionNamingTheDelivery()
    {
        await using var app = await TestApp.StartAsync();
        var options = new RefAssuredPostOptions { Timeout = TimeSpan.FromMilliseconds(300) };

        var error = await Assert.ThrowsAsync<TimeoutException>(() => app.Client.PostRefAssuredEventAsync(app.Services, RefAssuredSamples.ReferenceReportWithPdf, options, Cancellation));

        // The handler may start after the timeout on a busy machine; it is called once all the same.
        await Wait.UntilAsync(() => !app.Log.Calls.IsEmpty, "the handler to log", Limit);
        var (_, deliveryId, _) = Assert.Single(app.Log.Calls);
        Assert.Equal(
            $"Delivery {deliveryId} was stored, but was not handled, or failed by a handler within 0.3 s. No attempt at it has finished: a handler may still be running, " +
            "or the application's worker (the hosted service AddRefAssuredWebhooks registers) is not running or is busy with earlier deliveries.",
            error.Message);
    }

    [Fact]
    public async Task Post_CancelledWhileWaiting_ThrowsOperationCanceled()
    {
        await using var app = await TestApp.StartAsync();
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        var post = app.Client.PostRefAssuredEventAsync(app.Services, RefAssuredSamples.ReferenceReportWithPdf, cancellationToken: cancellation.Token);
        await Wait.UntilAsync(() => !app.Log.Calls.IsEmpty, "the handler to log", Limit);

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => post);
    }

    [Fact]
    public async Task Post_ConcurrentPosts_EachGetsTheOutcomeOfItsOwnDelivery()
    {
        await using var app = await TestApp.StartAsync();

        var posts = Enumerable.Range(1, 24).Select(i => i % 2 == 0
            ? app.Client.PostRefAssuredEventAsync(app.Services, RefAssuredSamples.SalesOptIn with { ReferenceRequestId = i }, cancellationToken: Cancellation)
            : app.Client.PostRefAssuredEventAsync(app.Services, RefAssuredSamples.CandidateNote with { ReferenceRequestId = i }, cancellationToken: Cancellation)).ToList();
        var outcomes = await Task.WhenAll(posts);

        Assert.Equal(24, outcomes.Select(o => o.DeliveryId).Distinct().Count());
        for (var i = 0; i < outcomes.Length; i++)
        {
            var (handler, expected) = (i + 1) % 2 == 0 ? (nameof(LeadHandler), RefAssuredPostResult.Handled) : (nameof(NoteHandler), RefAssuredPostResult.Failed);
            Assert.Equal(expected, outcomes[i].Result);
            Assert.Contains((handler, outcomes[i].DeliveryId!, 1), app.Log.Calls);
        }
    }

    [Fact]
    public async Task Post_AppMapsOneUrlPerEvent_PostsToThatUrl()
    {
        await using var app = await TestApp.StartAsync(map: a => a.MapRefAssuredWebhook<SalesOptIn>("/hooks/leads"));

        var outcome = await app.Client.PostRefAssuredEventAsync(app.Services, RefAssuredSamples.SalesOptIn, cancellationToken: Cancellation);
        var unmapped = await Assert.ThrowsAsync<InvalidOperationException>(() => app.Client.PostRefAssuredEventAsync(app.Services, RefAssuredSamples.CandidateNote, cancellationToken: Cancellation));

        Assert.True(outcome.IsHandled, outcome.ToString());
        Assert.Contains("no RefAssured endpoint for CandidateNote", unmapped.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_NegativeTimeout_ThrowsBeforePosting()
    {
        await using var app = await TestApp.StartAsync();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => app.Client.PostRefAssuredEventAsync(
            app.Services, RefAssuredSamples.SalesOptIn, new RefAssuredPostOptions { Timeout = TimeSpan.FromSeconds(-1) }, Cancellation));

        Assert.Empty(app.Log.Calls);
    }

    [Fact]
    public async Task Post_RouteWithATenant_UsesTheGivenPath()
    {
        await using var app = await TestApp.StartAsync(map: a => a.MapRefAssuredWebhooks("/webhooks/{tenant}"));

        var missing = await Assert.ThrowsAsync<InvalidOperationException>(() => app.Client.PostRefAssuredEventAsync(app.Services, RefAssuredSamples.SalesOptIn, cancellationToken: Cancellation));
        var outcome = await app.Client.PostRefAssuredEventAsync(app.Services, RefAssuredSamples.SalesOptIn, new RefAssuredPostOptions { Path = "/webhooks/acme/sales-optin" }, Cancellation);

        Assert.Contains("RefAssuredPostOptions.Path", missing.Message, StringComparison.Ordinal);
        Assert.True(outcome.IsHandled, outcome.ToString());
    }

    [Fact]
    public async Task Post_AppWithoutAddRefAssuredTesting_ThrowsNamingIt()
    {
        await using var app = await TestApp.StartAsync(addTesting: false);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => app.Client.PostRefAssuredEventAsync(app.Services, RefAssuredSamples.SalesOptIn, cancellationToken: Cancellation));

        Assert.Contains("AddRefAssuredTesting()", error.Message, StringComparison.Ordinal);
        Assert.Empty(app.Log.Calls);
    }
}

using RefAssured.Sdk.Testing.Recording;
using Xunit;

namespace RefAssured.Sdk.Testing.AspNetCore.Tests.Recording;

public sealed class DeliveryAttemptRecorderTests
{
    private static readonly RefAssuredDispatchResult Succeeded = new([]);
    private static readonly RefAssuredDispatchResult Failed = new([new RefAssuredHandlerOutcome("H", new InvalidOperationException("down"))]);

    [Fact]
    public async Task Wait_AttemptRecordedBeforeTheWait_ReturnsIt()
    {
        var recorder = new DeliveryAttemptRecorder();
        recorder.Record("d1", new DeliveryAttempt(1, RefAssuredPostResult.Handled, Succeeded));

        var attempt = await recorder.WaitAsync("d1", untilSettled: false, TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(RefAssuredPostResult.Handled, attempt.Result);
    }

    [Fact]
    public async Task Wait_UntilSettled_SkipsFailedAttemptsAndReturnsTheSettlingOne()
    {
        var recorder = new DeliveryAttemptRecorder();
        recorder.Record("d1", new DeliveryAttempt(1, RefAssuredPostResult.Failed, Failed));
        var wait = recorder.WaitAsync("d1", untilSettled: true, TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        recorder.Record("d2", new DeliveryAttempt(1, RefAssuredPostResult.Handled, Succeeded));
        recorder.Record("d1", new DeliveryAttempt(2, RefAssuredPostResult.DeadLettered, Failed));

        var attempt = await wait;

        Assert.Equal((2, RefAssuredPostResult.DeadLettered), (attempt.Attempt, attempt.Result));
    }

    [Fact]
    public async Task Wait_OnlyAFailedAttemptUntilTheTimeout_ThrowsTimeoutExceptionNamingTheFailure()
    {
        var recorder = new DeliveryAttemptRecorder();
        recorder.Record("d1", new DeliveryAttempt(1, RefAssuredPostResult.Failed, Failed));

        var error = await Assert.ThrowsAsync<TimeoutException>(() => recorder.WaitAsync("d1", untilSettled: true, TimeSpan.FromMilliseconds(100), TestContext.Current.CancellationToken));

        Assert.Equal(
            "Delivery d1 was stored, but was not handled or dead-lettered within 0.1 s. Its last attempt, 1, failed and a retry is due: H: InvalidOperationException: down. " +
            "Shorten RefAssured:Retry:InitialDelay in the application under test, or lengthen the timeout.",
            error.Message);
    }
}

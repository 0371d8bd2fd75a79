using System.Globalization;

namespace RefAssured.Sdk.AspNetCore.Tests.Diagnostics;

/// <summary>
/// The HttpListener host writes the shared messages with <c>RefAssuredLogMessages.Render</c>;
/// what it renders must be exactly what <c>[LoggerMessage]</c> formats here from the same values.
/// </summary>
public sealed class RefAssuredLogMessagesTests
{
    private static readonly RefAssuredDelivery Delivery = new("01JABCDEFGHJKMNPQRSTVWXYZ0", RefAssuredEventType.CandidateNote, DateTimeOffset.UnixEpoch, new byte[418])
    {
        Attempt = 3,
    };

    [Fact]
    public async Task EveryMoment_LoggedThroughMicrosoftExtensionsLogging_ReadsAsTheSharedRendering()
    {
        var rejected = await new RefAssuredReceiver(new InMemoryRefAssuredInbox(), new RefAssuredReceiverOptions()).ReceiveAsync(
            new RefAssuredReceiveRequest { EventRoute = "sales-optin", Method = "GET", GetHeader = _ => null, Body = Stream.Null },
            TestContext.Current.CancellationToken);
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            var logs = new CapturedLogs();
            var observer = new RefAssuredLoggingObserver(new LoggerFactory([logs]));
            var retryAt = new DateTimeOffset(2026, 12, 5, 21, 30, 15, 250, TimeSpan.Zero);

            observer.DeliveryAccepted(Delivery with { Body = new byte[1_234_567] }, null);
            observer.RequestRejected(rejected, null, "::1");
            observer.HandlerFailed(Delivery, new RefAssuredHandlerOutcome("Crm.NoteHandler", new TimeoutException("slow")), retryAt);
            observer.DeliveryDeadLettered(Delivery, "Crm.NoteHandler: TimeoutException: slow");
            observer.InboxFailed("append", new IOException("disk full"));

            string[] expected =
            [
                RefAssuredLogMessages.Render(RefAssuredLogMessages.DeliveryAccepted, RefAssuredEventType.CandidateNote, Delivery.DeliveryId, 1_234_567, null),
                RefAssuredLogMessages.Render(RefAssuredLogMessages.RequestRejected, 405, RefAssuredReceiveStatus.MethodNotAllowed, "unknown", "::1", rejected.Detail),
                RefAssuredLogMessages.Render(RefAssuredLogMessages.HandlerFailed, "Crm.NoteHandler", RefAssuredEventType.CandidateNote, Delivery.DeliveryId, 3, RefAssuredLogMessages.NextAttempt(retryAt)),
                RefAssuredLogMessages.Render(RefAssuredLogMessages.DeliveryDeadLettered, RefAssuredEventType.CandidateNote, Delivery.DeliveryId, 3, "Crm.NoteHandler: TimeoutException: slow"),
                RefAssuredLogMessages.Render(RefAssuredLogMessages.InboxFailed, "append"),
            ];
            Assert.Equal(expected, logs.Entries.Select(e => e.Message));
            Assert.Equal([1, 2, 3, 4, 5], logs.Entries.Select(e => e.EventId.Id));
            Assert.Equal(
                ["DeliveryAccepted", "RequestRejected", "HandlerFailed", "DeliveryDeadLettered", "InboxFailed"],
                logs.Entries.Select(e => e.EventId.Name));
            Assert.Equal(
                [LogLevel.Information, LogLevel.Warning, LogLevel.Warning, LogLevel.Error, LogLevel.Error],
                logs.Entries.Select(e => e.Level));
            Assert.Contains("1234567 bytes) from (null)", expected[0], StringComparison.Ordinal);
            Assert.EndsWith("next attempt: 2026-12-05T21:30:15.2500000+00:00", expected[2], StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Render_FillsHolesInOrder_AndLeavesTheRestOfTheTemplate()
    {
        Assert.Equal("a 1 b x c", RefAssuredLogMessages.Render("a {First} b {Second} c", 1, "x"));
        Assert.Equal("no holes", RefAssuredLogMessages.Render("no holes"));
        Assert.Equal("(null) and (null)", RefAssuredLogMessages.Render("{A} and {B}", [null]));
    }

    [Fact]
    public void ShortName_IsWhatConsoleLoggersPrint()
    {
        Assert.Equal("info", RefAssuredLogMessages.ShortName(RefAssuredLogMessages.Level.Information));
        Assert.Equal("warn", RefAssuredLogMessages.ShortName(RefAssuredLogMessages.Level.Warning));
        Assert.Equal("fail", RefAssuredLogMessages.ShortName(RefAssuredLogMessages.Level.Error));
    }
}

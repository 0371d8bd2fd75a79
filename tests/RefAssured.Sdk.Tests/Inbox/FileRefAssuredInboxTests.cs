using System.Text;
using Microsoft.Extensions.Time.Testing;

namespace RefAssured.Sdk.Tests.Inbox;

public sealed partial class FileRefAssuredInboxTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(Start);

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Append_ThenReopen_RecoversEveryDeliveryWithItsData()
    {
        var deliveries = Enumerable.Range(0, 5).Select(i => NewDelivery(i)).ToList();
        await using (var inbox = NewInbox())
        {
            foreach (var delivery in deliveries)
            {
                await inbox.AppendAsync(delivery, TestContext.Current.CancellationToken);
            }
        }

        await using var reopened = NewInbox();
        var recovered = await ReadAsync(reopened, 5);

        Assert.Equal(deliveries.Select(d => d.DeliveryId), recovered.Select(d => d.DeliveryId));
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(deliveries[i].Body.ToArray(), recovered[i].Body.ToArray());
            Assert.Equal(deliveries[i].EventType, recovered[i].EventType);
            Assert.Equal(deliveries[i].ReceivedAt, recovered[i].ReceivedAt);
            Assert.Equal("acme", recovered[i].RouteValues["tenant"]);
            Assert.Equal(deliveries[i].TraceParent, recovered[i].TraceParent);
            Assert.Equal(1, recovered[i].Attempt);
        }
    }

    [Fact]
    public async Task Complete_ThenReopen_IsNotHandedOutAgainAndIsAudited()
    {
        var delivery = NewDelivery(1);
        await using (var inbox = NewInbox())
        {
            await inbox.AppendAsync(delivery, TestContext.Current.CancellationToken);
            await inbox.CompleteAsync(Assert.Single(await ReadAsync(inbox, 1)), TestContext.Current.CancellationToken);
        }

        await using var reopened = NewInbox();
        var stats = await reopened.GetStatisticsAsync(TestContext.Current.CancellationToken);
        var audit = await reopened.ReadAuditTrailAsync(TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);

        Assert.Equal(0, stats.Depth);
        var entry = Assert.Single(audit);
        Assert.Equal((delivery.DeliveryId, "completed", 1, RefAssuredEventType.SalesOptIn), (entry.DeliveryId, entry.Outcome, entry.Attempts, entry.EventType));
    }

    [Fact]
    public async Task DeliveriesOneAtATime_TheirCompletionsSurviveClosing()
    {
        await using (var inbox = NewInbox())
        {
            for (var i = 0; i < 5; i++)
            {
                await inbox.AppendAsync(NewDelivery(i), TestContext.Current.CancellationToken);
                await inbox.CompleteAsync(Assert.Single(await ReadAsync(inbox, 1)), TestContext.Current.CancellationToken);
            }
        }

        await using var reopened = NewInbox();
        Assert.Equal(0, (await reopened.GetStatisticsAsync(TestContext.Current.CancellationToken)).Depth);
    }

    [Fact]
    public async Task LargeBody_DamagedOnDiskBeforeItsHandOut_IsDeadLetteredAsUnreadable()
    {
        var body = RefAssured.Sdk.Testing.PdfFactory.ReportBody(RefAssured.Sdk.Testing.PdfFactory.Create(3_000_000));
        var delivery = NewDelivery(1) with { EventType = RefAssuredEventType.ReferenceReport, Body = body };
        await using var inbox = NewInbox();
        await inbox.AppendAsync(delivery, TestContext.Current.CancellationToken);

        DamageOnDisk(body);
        var handedOut = await ReadAsync(inbox, 1, TimeSpan.FromSeconds(1));

        Assert.Empty(handedOut);
        var letter = Assert.Single(await inbox.ListDeadLettersAsync(TestContext.Current.CancellationToken));
        Assert.Equal(delivery.DeliveryId, letter.Delivery.DeliveryId);
        Assert.Contains("could not be read back", letter.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Complete_ItsAuditEntryReachesTheDaysFileWithoutAReader()
    {
        await using var inbox = NewInbox();
        var (delivery, handedOut) = await AppendAndHandOutOneAsync(inbox);

        await inbox.CompleteAsync(handedOut, TestContext.Current.CancellationToken);

        // Read from the file itself, not through the inbox.
        var auditFile = Path.Combine(inbox.Directory, "audit", Start.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + ".jsonl");
        await Processing.RefAssuredWorkerTests.Eventually(() => File.Exists(auditFile) && ReadShared(auditFile).Contains(delivery.DeliveryId, StringComparison.Ordinal));
        Assert.Contains("\"completed\"", ReadShared(auditFile), StringComparison.Ordinal);

        static string ReadShared(string path)
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
    }

    [Fact]
    public async Task Audit_EntriesOfAnySize_AreEachWrittenWhole()
    {
        var longError = "CRM answered: " + new string('x', 100_000);
        await using var inbox = NewInbox();
        for (var i = 0; i < 4; i++)
        {
            await inbox.AppendAsync(NewDelivery(i), TestContext.Current.CancellationToken);
        }

        var taken = await ReadAsync(inbox, 4);
        await inbox.CompleteAsync(taken[0], TestContext.Current.CancellationToken);
        await inbox.FailAsync(taken[1], new RefAssuredDeliveryFailure(longError, null), TestContext.Current.CancellationToken);
        await inbox.CompleteAsync(taken[2], TestContext.Current.CancellationToken);
        await inbox.FailAsync(taken[3], new RefAssuredDeliveryFailure("short", null), TestContext.Current.CancellationToken);

        var audit = await inbox.ReadAuditTrailAsync(TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);

        Assert.Equal(
            [(taken[0].DeliveryId, "completed", null), (taken[1].DeliveryId, "dead-lettered", longError), (taken[2].DeliveryId, "completed", null), (taken[3].DeliveryId, "dead-lettered", "short")],
            audit.Select(e => (e.DeliveryId, e.Outcome, e.Error)));
    }

    [Fact]
    public async Task Receive_LargeBodiesInTurn_EachIsStoredExactly()
    {
        // Bodies over 1 MB are not kept in memory: each is read back from its place in the log.
        var bodies = Enumerable.Range(1, 3)
            .Select(seed => RefAssured.Sdk.Testing.PdfFactory.ReportBody(RefAssured.Sdk.Testing.PdfFactory.Create(1_500_000 + (seed * 100_000), seed)))
            .ToList();
        var broken = bodies[0][..^10];
        var ids = new List<string>();
        await using (var inbox = NewInbox())
        {
            var receiver = new Receiving.ReceiverHarness(inbox);
            foreach (var body in bodies)
            {
                var outcome = await receiver.ReceiveAsync(Receiving.ReceiverHarness.Request("reference-report", body));
                Assert.True(outcome.IsAccepted, outcome.ToString());
                ids.Add(outcome.DeliveryId!);
                Assert.Equal(400, (await receiver.ReceiveAsync(Receiving.ReceiverHarness.Request("reference-report", broken))).StatusCode);
            }
        }

        await using var reopened = NewInbox();
        var recovered = await ReadAsync(reopened, 3);
        Assert.Equal(ids, recovered.Select(d => d.DeliveryId));
        for (var i = 0; i < bodies.Count; i++)
        {
            Assert.Equal(bodies[i], recovered[i].Body.ToArray());
        }
    }

    [Fact]
    public async Task LargeBody_IsReadBackFromDiskExactly()
    {
        var body = RefAssured.Sdk.Testing.PdfFactory.ReportBody(RefAssured.Sdk.Testing.PdfFactory.Create(3_000_000));
        var delivery = NewDelivery(1) with { EventType = RefAssuredEventType.ReferenceReport, Body = body };
        await using (var inbox = NewInbox())
        {
            await inbox.AppendAsync(delivery, TestContext.Current.CancellationToken);
        }

        await using var reopened = NewInbox();
        var recovered = Assert.Single(await ReadAsync(reopened, 1));

        Assert.Equal(body, recovered.Body.ToArray());
    }

    [Fact]
    public async Task LargeBody_IsNotHeldInMemoryOnceHandedOut()
    {
        await using var inbox = NewInbox();

        var body = await AppendAndHandOutLargeBodyAsync(inbox);

        // Go on from a fresh stack: the helper's finished frame, which held the body, may still be under this one.
        await Task.Yield();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.False(body.IsAlive, "The inbox still holds a large body after it was written and handed out.");
        Assert.Equal(1, (await inbox.GetStatisticsAsync(TestContext.Current.CancellationToken)).InFlight);
    }

    [Fact]
    public async Task LargeBody_IsHandedOutWholeWithoutReopening()
    {
        var body = RefAssured.Sdk.Testing.PdfFactory.ReportBody(RefAssured.Sdk.Testing.PdfFactory.Create(3_000_000));
        await using var inbox = NewInbox();

        await inbox.AppendAsync(NewDelivery(1) with { EventType = RefAssuredEventType.ReferenceReport, Body = body }, TestContext.Current.CancellationToken);
        var handedOut = Assert.Single(await ReadAsync(inbox, 1));

        Assert.Equal(body, handedOut.Body.ToArray());
    }

    [Fact]
    public async Task Fail_WithRetry_IsPersistedAndHandedOutAtItsTimeWithTheNextAttempt()
    {
        var delivery = NewDelivery(1);
        await using (var inbox = NewInbox())
        {
            await inbox.AppendAsync(delivery, TestContext.Current.CancellationToken);
            var taken = Assert.Single(await ReadAsync(inbox, 1));
            await inbox.FailAsync(taken, new RefAssuredDeliveryFailure("crm: TimeoutException: slow", Start.AddMinutes(5)) { CompletedHandlers = new HashSet<string> { "ats" } }, TestContext.Current.CancellationToken);
        }

        await using var reopened = NewInbox();
        var stats = await reopened.GetStatisticsAsync(TestContext.Current.CancellationToken);
        Assert.Equal(1, stats.RetryScheduled);
        Assert.Empty(await ReadAsync(reopened, 1, TimeSpan.FromMilliseconds(100)));

        _time.Advance(TimeSpan.FromMinutes(5));
        var retried = Assert.Single(await ReadAsync(reopened, 1));

        Assert.Equal(2, retried.Attempt);
        Assert.Equal(delivery.DeliveryId, retried.DeliveryId);
        Assert.Contains("ats", retried.CompletedHandlers);
    }

    [Fact]
    public async Task DeadLetters_CanBeListedInspectedReplayedAndPurgedAcrossRestarts()
    {
        var first = NewDelivery(1);
        var second = NewDelivery(2);
        await using (var inbox = NewInbox())
        {
            await inbox.AppendAsync(first, TestContext.Current.CancellationToken);
            await inbox.AppendAsync(second, TestContext.Current.CancellationToken);
            foreach (var taken in await ReadAsync(inbox, 2))
            {
                await inbox.FailAsync(taken with { Attempt = 8 }, new RefAssuredDeliveryFailure("crm: IOException: down", null), TestContext.Current.CancellationToken);
            }
        }

        await using (var reopened = NewInbox())
        {
            var letters = await reopened.ListDeadLettersAsync(TestContext.Current.CancellationToken);
            Assert.Equal([first.DeliveryId, second.DeliveryId], letters.Select(l => l.Delivery.DeliveryId));
            var inspected = await reopened.GetDeadLetterAsync(first.DeliveryId, TestContext.Current.CancellationToken);
            Assert.Equal("crm: IOException: down", inspected!.Error);
            Assert.Equal(8, inspected.Delivery.Attempt);
            Assert.Equal(first.Body.ToArray(), inspected.Delivery.Body.ToArray());
            Assert.Equal(Start, inspected.DeadLetteredAt);

            Assert.True(await reopened.ReplayAsync(first.DeliveryId, TestContext.Current.CancellationToken));
            Assert.True(await reopened.PurgeAsync(second.DeliveryId, TestContext.Current.CancellationToken));
            Assert.False(await reopened.PurgeAsync(second.DeliveryId, TestContext.Current.CancellationToken));
            Assert.Null(await reopened.GetDeadLetterAsync("unknown", TestContext.Current.CancellationToken));
        }

        await using var third = NewInbox();
        var replayed = Assert.Single(await ReadAsync(third, 1));
        Assert.Equal(first.DeliveryId, replayed.DeliveryId);
        Assert.Equal(1, replayed.Attempt);
        Assert.Empty(await third.ListDeadLettersAsync(TestContext.Current.CancellationToken));
        var outcomes = await third.ReadAuditTrailAsync(TestContext.Current.CancellationToken).Select(e => e.Outcome).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(["dead-lettered", "dead-lettered", "replayed", "purged"], outcomes);
    }

    [Fact]
    public async Task DeadLetter_IsAuditedBeforeItCanBeSeen_AndReplayBeforeItCanBeHandedOut()
    {
        await using var inbox = NewInbox();
        var (delivery, handedOut) = await AppendAndHandOutOneAsync(inbox);

        // The failure's record is still being written when its dead letter can already be seen.
        var failing = inbox.FailAsync(handedOut, new RefAssuredDeliveryFailure("crm down", RetryAt: null), TestContext.Current.CancellationToken).AsTask();
        var seen = await inbox.GetDeadLetterAsync(delivery.DeliveryId, TestContext.Current.CancellationToken);
        var auditedWhenSeen = await AuditOutcomesAsync(inbox);
        await failing;

        Assert.NotNull(seen);
        Assert.Equal(["dead-lettered"], auditedWhenSeen);
        var replaying = inbox.ReplayAsync(delivery.DeliveryId, TestContext.Current.CancellationToken).AsTask();
        var replayed = Assert.Single(await ReadAsync(inbox, 1));
        var auditedWhenHandedOut = await AuditOutcomesAsync(inbox);
        Assert.True(await replaying);
        Assert.Equal(delivery.DeliveryId, replayed.DeliveryId);
        Assert.Equal(["dead-lettered", "replayed"], auditedWhenHandedOut);
    }

    [Fact]
    public async Task ReplayAllAndPurgeAll_ActOnEveryDeadLetter()
    {
        await using var inbox = NewInbox();
        for (var i = 0; i < 3; i++)
        {
            await inbox.AppendAsync(NewDelivery(i), TestContext.Current.CancellationToken);
        }

        foreach (var taken in await ReadAsync(inbox, 3))
        {
            await inbox.FailAsync(taken, new RefAssuredDeliveryFailure("x", null), TestContext.Current.CancellationToken);
        }

        Assert.Equal(3, await inbox.ReplayAllAsync(TestContext.Current.CancellationToken));
        foreach (var taken in await ReadAsync(inbox, 3))
        {
            await inbox.FailAsync(taken, new RefAssuredDeliveryFailure("x", null), TestContext.Current.CancellationToken);
        }

        Assert.Equal(3, await inbox.PurgeAllAsync(TestContext.Current.CancellationToken));
        Assert.Equal(0, (await inbox.GetStatisticsAsync(TestContext.Current.CancellationToken)).DeadLettered);
    }

    [Fact]
    public async Task InFlightWhenProcessDied_IsHandedOutAgainWithTheSameId()
    {
        var delivery = NewDelivery(1);
        await using (var inbox = NewInbox())
        {
            await inbox.AppendAsync(delivery, TestContext.Current.CancellationToken);
            Assert.Single(await ReadAsync(inbox, 1));
        }

        await using var reopened = NewInbox();

        Assert.Equal(delivery.DeliveryId, Assert.Single(await ReadAsync(reopened, 1)).DeliveryId);
    }

    [Fact]
    public async Task ConcurrentAppends_ShareFlushesAndAllSurvive()
    {
        await using (var inbox = NewInbox())
        {
            await Task.WhenAll(Enumerable.Range(0, 300).Select(i => Task.Run(async () => await inbox.AppendAsync(NewDelivery(i), CancellationToken.None), TestContext.Current.CancellationToken)));
        }

        await using var reopened = NewInbox();
        var stats = await reopened.GetStatisticsAsync(TestContext.Current.CancellationToken);

        Assert.Equal(300, stats.Pending);
        Assert.Equal(0, stats.Quarantined);
    }

    [Fact]
    public async Task Append_DuplicateId_IsRefused()
    {
        await using var inbox = NewInbox();
        var delivery = NewDelivery(1);
        await inbox.AppendAsync(delivery, TestContext.Current.CancellationToken);

        await Assert.ThrowsAsync<ArgumentException>(async () => await inbox.AppendAsync(delivery, TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Constructor_InvalidOptions_ListsEveryProblem()
    {
        var ex = Assert.Throws<ArgumentException>(() => new FileRefAssuredInbox(new FileRefAssuredInboxOptions { Directory = " ", Retention = TimeSpan.Zero, SegmentSize = 10 }));

        Assert.Contains("Directory", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Retention", ex.Message, StringComparison.Ordinal);
        Assert.Contains("SegmentSize", ex.Message, StringComparison.Ordinal);
    }


    private static async Task<(RefAssuredDelivery Appended, RefAssuredDelivery HandedOut)> AppendAndHandOutOneAsync(FileRefAssuredInbox inbox)
    {
        var delivery = NewDelivery(1);
        await inbox.AppendAsync(delivery, TestContext.Current.CancellationToken);
        return (delivery, Assert.Single(await ReadAsync(inbox, 1)));
    }

    private static async Task<List<string>> AuditOutcomesAsync(FileRefAssuredInbox inbox) =>
        await inbox.ReadAuditTrailAsync(TestContext.Current.CancellationToken).Select(e => e.Outcome).ToListAsync(TestContext.Current.CancellationToken);

    private FileRefAssuredInbox NewInbox(Action<FileRefAssuredInboxOptions>? configure = null)
    {
        var options = new FileRefAssuredInboxOptions { Directory = _directory.Path };
        configure?.Invoke(options);
        return new FileRefAssuredInbox(options, _time);
    }

    private static RefAssuredDelivery NewDelivery(int n) =>
        new(("01JDFILE" + n.ToString("D18", System.Globalization.CultureInfo.InvariantCulture))[..26], RefAssuredEventType.SalesOptIn, Start.AddSeconds(n), Encoding.UTF8.GetBytes($$"""{"referenceRequestId":{{n}},"personFirst":"Jane"}"""))
        {
            RouteValues = new Dictionary<string, string> { ["tenant"] = "acme" },
            TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        };

    // Appends a 3 MB report, takes it from the inbox and returns a weak reference to its body,
    // which nothing else here holds.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static async Task<WeakReference> AppendAndHandOutLargeBodyAsync(FileRefAssuredInbox inbox)
    {
        var body = RefAssured.Sdk.Testing.PdfFactory.ReportBody(RefAssured.Sdk.Testing.PdfFactory.Create(3_000_000));
        await inbox.AppendAsync(NewDelivery(1) with { EventType = RefAssuredEventType.ReferenceReport, Body = body }, TestContext.Current.CancellationToken);
        Assert.Equal(body.Length, Assert.Single(await ReadAsync(inbox, 1)).Body.Length);
        return new WeakReference(body);
    }



    // Overwrites 1,000 bytes in the middle of each body where the log stores it, so reading it back fails its checksum.
    private void DamageOnDisk(params byte[][] bodies)
    {
        var segment = Directory.GetFiles(Path.Combine(_directory.Path, "segments"), "*.log").Single();
        using var stream = new FileStream(segment, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        foreach (var body in bodies)
        {
            var at = bytes.AsSpan().IndexOf(body.AsSpan(body.Length / 2, 64));
            Assert.True(at >= 0, "The body is not in the segment.");
            stream.Position = at;
            stream.Write(new byte[1000]);
        }

        stream.Flush();
    }

    private static async Task<List<RefAssuredDelivery>> ReadAsync(IRefAssuredInbox inbox, int count, TimeSpan? wait = null)
    {
        var read = new List<RefAssuredDelivery>();
        using var timeout = new CancellationTokenSource(wait ?? TimeSpan.FromSeconds(10));
        try
        {
            await foreach (var delivery in inbox.ReadAsync(timeout.Token))
            {
                read.Add(delivery);
                if (read.Count == count)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        return read;
    }
}

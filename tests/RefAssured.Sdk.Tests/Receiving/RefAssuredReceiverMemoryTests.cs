namespace RefAssured.Sdk.Tests.Receiving;

/// <summary>Memory follows the bytes that arrived, never the declared length, and stays within the budget.</summary>
public sealed class RefAssuredReceiverMemoryTests
{
    private const long FortyMebibytes = 40L * 1024 * 1024;

    [Fact]
    public async Task Receive_Declares40MiBAndSends10Bytes_AllocatesLittleAndAnswers400()
    {
        var harness = new ReceiverHarness();
        var request = Declaring(FortyMebibytes, new MemoryStream("{\"a\":1234}"u8.ToArray()));

        // A body stream in memory completes every read at once, so the whole receive runs on this thread.
        var before = GC.GetAllocatedBytesForCurrentThread();
        var outcome = await harness.ReceiveAsync(request);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(400, outcome.StatusCode);
        Assert.Contains("ended after 10 of the 41943040 bytes", outcome.Detail, StringComparison.Ordinal);
        Assert.True(allocated < 1024 * 1024, $"allocated {allocated} bytes");
        Assert.Equal(0, ((InMemoryRefAssuredInbox)harness.Inbox).Budget.Used);
    }

    [Fact]
    public async Task Receive_SlowSender_HoldsBudgetOnlyForTheBytesItSent()
    {
        var inbox = new InMemoryRefAssuredInbox();
        var harness = new ReceiverHarness(inbox);
        var stream = new TrickleStream("{\"personId\":"u8.ToArray());
        using var abort = new CancellationTokenSource();

        var receiving = harness.Receiver.ReceiveAsync(Declaring(FortyMebibytes, stream), abort.Token);
        await stream.Waiting.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        var heldWhileWaiting = inbox.Budget.Used;
        await abort.CancelAsync();
        var outcome = await receiving;

        Assert.Equal(12, heldWhileWaiting);
        Assert.Equal(400, outcome.StatusCode);
        Assert.Equal(0, inbox.Budget.Used);
    }

    [Fact]
    public async Task Receive_BodyPastTheBudget_Answers503StopsReadingAndStoresNothing()
    {
        var harness = new ReceiverHarness(configure: o => o.MaxBufferedBytes = 100_000);
        var huge = new CountingStream(totalBytes: 5_000_000);

        var outcome = await harness.ReceiveAsync(ReceiverHarness.Request("sales-optin", [], declareLength: false, stream: huge));

        Assert.Equal(503, outcome.StatusCode);
        Assert.Equal(RefAssuredReceiveStatus.StoreUnavailable, outcome.Status);
        Assert.Contains("as many request bodies in memory as it is allowed to", outcome.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("OutOfMemory", outcome.Detail, StringComparison.Ordinal);
        Assert.True(huge.BytesRead <= 100_000 + (64 * 1024), $"read {huge.BytesRead} bytes");
        Assert.Equal(0, ((InMemoryRefAssuredInbox)harness.Inbox).Count);
        Assert.Equal(0, ((InMemoryRefAssuredInbox)harness.Inbox).Budget.Used);
    }

    [Fact]
    public async Task Receive_HalfOfADeclaredLengthArrived_CountsTheWholeBodyInTheBudget()
    {
        var inbox = new InMemoryRefAssuredInbox();
        var harness = new ReceiverHarness(inbox);
        var stream = new TrickleStream(new byte[600]);
        using var abort = new CancellationTokenSource();

        var receiving = harness.Receiver.ReceiveAsync(Declaring(1000, stream), abort.Token);
        await stream.Waiting.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        var heldWhileWaiting = inbox.Budget.Used;
        await abort.CancelAsync();
        await receiving;

        Assert.Equal(1000, heldWhileWaiting);
        Assert.Equal(0, inbox.Budget.Used);
    }

    [Fact]
    public async Task Receive_InboxHoldsTheBudget_Answers503UntilADeliveryCompletes()
    {
        var body = Fixture.Bytes(Fixture.SalesOptIn);
        var inbox = new InMemoryRefAssuredInbox { MaxBufferedBytes = (body.Length * 2) + 10 };
        var harness = new ReceiverHarness(inbox);

        var first = await harness.ReceiveAsync(ReceiverHarness.Request("sales-optin", body));
        var second = await harness.ReceiveAsync(ReceiverHarness.Request("sales-optin", body));
        var refused = await harness.ReceiveAsync(ReceiverHarness.Request("sales-optin", body));
        await inbox.CompleteAsync(Assert.Single(inbox.GetEntries(), e => e.Delivery.DeliveryId == first.DeliveryId).Delivery, TestContext.Current.CancellationToken);
        var later = await harness.ReceiveAsync(ReceiverHarness.Request("sales-optin", body));

        Assert.Equal([200, 200, 503, 200], new[] { first.StatusCode, second.StatusCode, refused.StatusCode, later.StatusCode });
        Assert.Equal(body.Length * 2, inbox.Budget.Used);
    }

    [Fact]
    public async Task Receive_InboxThatKeepsNoBodies_GetsEveryRequestsBytesBack()
    {
        var harness = new ReceiverHarness(new FailingInbox(new IOException("disk")), o => o.MaxBufferedBytes = 2000);

        // Each body fits the budget of 2000 bytes alone, so the fourth fails in the inbox only if the first three were given back.
        var details = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            details.Add((await harness.ReceiveAsync(ReceiverHarness.Request("sales-optin", Fixture.Bytes(Fixture.SalesOptIn)))).Detail);
        }

        var tooMuch = await harness.ReceiveAsync(ReceiverHarness.Request("sales-optin", new byte[2001], declareLength: false));

        Assert.All(details, d => Assert.Contains("because the inbox failed", d, StringComparison.Ordinal));
        Assert.Contains("in memory", tooMuch.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4095)]
    [InlineData(4096)]
    [InlineData(4097)]
    [InlineData(200_000)]
    [InlineData(1_000_003)]
    public async Task Receive_BodyOfAnySize_ArrivesByteIdentical(int padding)
    {
        var body = Fixture.Modified(Fixture.SalesOptIn, o => o["padding"] = new string('p', padding));
        foreach (var declare in new[] { true, false })
        {
            var harness = new ReceiverHarness();
            var outcome = await harness.ReceiveAsync(ReceiverHarness.Request("sales-optin", body, declareLength: declare, stream: new OneByteAtATimeStream(body)));

            Assert.Equal(200, outcome.StatusCode);
            Assert.Equal(body, Assert.Single(((InMemoryRefAssuredInbox)harness.Inbox).GetEntries()).Delivery.Body.ToArray());
        }
    }

    private static RefAssuredReceiveRequest Declaring(long length, Stream body) => new()
    {
        EventRoute = "sales-optin",
        GetHeader = name => name == RefAssuredReceiver.KeyHeaderName ? ReceiverHarness.Key : null,
        ContentType = "application/json",
        ContentLength = length,
        Body = body,
    };

    /// <summary>Gives its bytes, then waits for more that never come until the read is cancelled.</summary>
    private sealed class TrickleStream(byte[] first) : MemoryStream(first)
    {
        public TaskCompletionSource Waiting { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await base.ReadAsync(buffer, cancellationToken);
            if (read > 0)
            {
                return read;
            }

            Waiting.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }
    }

    /// <summary>Gives one byte per read, as a slow network might, to cross every chunk boundary.</summary>
    private sealed class OneByteAtATimeStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 1)], cancellationToken);
    }
}

using System.Globalization;
using System.Text;
using RefAssured.Sdk;

// Usage: RefAssured.Sdk.CrashHost <inbox directory> <handled log>
// Reads one sequence number per line from standard input and receives a sales opt-in carrying it
// (several at once) into a file inbox; every tenth also carries a field of over 1 MiB.
// Standard output reports its progress, one line each, so that the crash test can pick its kill
// moments from it: "READY" once the inbox is open, "ACK <seq> <deliveryId>" for every 200,
// "START <seq>" when a handler run begins and "HANDLED <seq>" when it has written its line.
// The handler appends "<deliveryId> <seq>" to the handled log after a short random pause,
// followed by " BAD" when a large field did not arrive whole.
// It stops when standard input closes; the crash test kills it with SIGKILL.
const string Key = "crash-test-key";
const int PaddingLength = (1024 * 1024) + 4321;
var inbox = new FileRefAssuredInbox(new FileRefAssuredInboxOptions { Directory = args[0] });
await inbox.OpenAsync();
var receiver = new RefAssuredReceiver(inbox, new RefAssuredReceiverOptions { Keys = new RefAssuredKeySet(Key) });
var handledLog = new FileStream(args[1], FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
var output = Console.Out;
var outputLock = new object();
var dispatcher = new RefAssuredDispatcherBuilder()
    .On<SalesOptIn>(async (lead, context, ct) =>
    {
        var seq = lead.ReferenceRequestId ?? 0;
        Report($"START {seq}");
        await Task.Delay(Random.Shared.Next(0, 4), ct);
        var whole = !IsLarge(seq) || (Padding(context.RawBody) is { Length: PaddingLength } text && !text.AsSpan().ContainsAnyExcept(PaddingLetter(seq)));
        var line = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{context.DeliveryId} {seq}{(whole ? "" : " BAD")}\n"));
        lock (handledLog)
        {
            // One write call per line, flushed to the operating system: a killed process loses none of it.
            handledLog.Write(line);
            handledLog.Flush();
        }

        Report($"HANDLED {seq}");
    })
    .Build();

using var stop = new CancellationTokenSource();
var worker = new RefAssuredWorker(inbox, dispatcher, new RefAssuredWorkerOptions { MaxConcurrency = 8 }).RunAsync(stop.Token);
Report($"READY");

var receiving = new List<Task>();
while (Console.ReadLine() is { } text)
{
    var seq = long.Parse(text, CultureInfo.InvariantCulture);
    receiving.Add(Task.Run(async () =>
    {
        var padding = IsLarge(seq) ? $",\"padding\":\"{new string(PaddingLetter(seq), PaddingLength)}\"" : string.Empty;
        var body = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $$"""{"referenceRequestId":{{seq}},"personFirst":"Jane","isSalesLead":true{{padding}}}"""));
        var outcome = await receiver.ReceiveAsync(new RefAssuredReceiveRequest
        {
            EventRoute = "sales-optin",
            GetHeader = name => name == RefAssuredReceiver.KeyHeaderName ? Key : null,
            ContentType = "application/json",
            ContentLength = body.Length,
            Body = new MemoryStream(body),
        });
        if (outcome.IsAccepted)
        {
            Report($"ACK {seq} {outcome.DeliveryId}");
        }
    }));
}

await Task.WhenAll(receiving);
await WaitUntilIdleAsync(inbox);
await stop.CancelAsync();
await worker;
await inbox.DisposeAsync();
handledLog.Dispose();

void Report(FormattableString line)
{
    lock (outputLock)
    {
        output.WriteLine(line.ToString(CultureInfo.InvariantCulture));
        output.Flush();
    }
}

static bool IsLarge(long seq) => seq % 10 == 0;

static char PaddingLetter(long seq) => (char)('a' + (seq / 10 % 26));

// Unknown fields are not kept on the event; the handler reads the large one from the body as received.
static string? Padding(ReadOnlyMemory<byte> body)
{
    using var document = System.Text.Json.JsonDocument.Parse(body);
    return document.RootElement.TryGetProperty("padding", out var padding) ? padding.GetString() : null;
}

static async Task WaitUntilIdleAsync(FileRefAssuredInbox inbox)
{
    while ((await inbox.GetStatisticsAsync()).Depth > 0)
    {
        await Task.Delay(20);
    }
}

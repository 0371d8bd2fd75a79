using BenchmarkDotNet.Attributes;

namespace RefAssured.Sdk.Benchmarks;

/// <summary>
/// One request through the receive pipeline: key, content type, read, parse, append to an
/// in-memory inbox, 200. The delivery is completed right after, so the inbox stays empty.
/// </summary>
[MemoryDiagnoser]
public class ReceivePipelineBenchmarks
{
    private const string Key = "benchmark-key";
    private byte[] _body = [];
    private InMemoryRefAssuredInbox _inbox = null!;
    private RefAssuredReceiver _receiver = null!;

    [GlobalSetup]
    public void Setup()
    {
        _body = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "sales-optin.json"));
        _inbox = new InMemoryRefAssuredInbox();
        _receiver = new RefAssuredReceiver(_inbox, new RefAssuredReceiverOptions { Keys = new RefAssuredKeySet(Key) });
    }

    [Benchmark]
    public async Task<int> Receive()
    {
        var outcome = await _receiver.ReceiveAsync(new RefAssuredReceiveRequest
        {
            EventRoute = "sales-optin",
            Method = "POST",
            GetHeader = static name => name == RefAssuredReceiver.KeyHeaderName ? Key : null,
            ContentType = "application/json",
            ContentLength = _body.Length,
            Body = new MemoryStream(_body, writable: false),
        }).ConfigureAwait(false);
        await _inbox.CompleteAsync(new RefAssuredDelivery(outcome.DeliveryId!, RefAssuredEventType.SalesOptIn, default, default), CancellationToken.None).ConfigureAwait(false);
        return outcome.StatusCode;
    }
}

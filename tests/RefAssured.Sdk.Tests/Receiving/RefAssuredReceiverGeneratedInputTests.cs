using System.Text;
using System.Text.Json.Nodes;

namespace RefAssured.Sdk.Tests.Receiving;

/// <summary>
/// Ten thousand generated requests (routes, keys, content types, declared lengths and bodies made
/// from the vendor samples by truncation, byte flips and type swaps) through the receiver.
/// </summary>
public sealed class RefAssuredReceiverGeneratedInputTests
{
    private const int Requests = 10_000;
    private static readonly string[] Routes = ["sales-optin", "salesoptin", "CANDIDATE-OPTIN", "candidateoptin", "candidate-notes", "CandidateNotes", "reference-report", "referencereports", "sales", "", "reference-reports", "../sales-optin"];
    private static readonly string?[] Keys = [ReceiverHarness.Key, ReceiverHarness.Key, ReceiverHarness.Key, null, "", "wrong", ReceiverHarness.Key + " ", ReceiverHarness.Key.ToUpperInvariant()];
    private static readonly string?[] ContentTypes = ["application/json", "application/json; charset=utf-8", null, "text/plain", "application/xml", "multipart/form-data; boundary=x", "application/json; charset=latin1", "application/x-www-form-urlencoded", ";;;", "application/json; charset"];
    private static readonly string[] Fixtures = [Fixture.SalesOptIn, Fixture.CandidateOptIn, Fixture.CandidateNotes, Fixture.ReferenceReport];

    [Fact]
    public async Task Receive_TenThousandGeneratedRequests_NeverThrowsAndStoresExactlyTheAccepted()
    {
        var random = new Random(20261125);
        var inbox = new RecordingInbox();
        var limits = new RefAssuredReceiverOptions { Keys = new RefAssuredKeySet(ReceiverHarness.Key) };
        var receiver = new RefAssuredReceiver(inbox, limits);
        var accepted = new HashSet<string>(StringComparer.Ordinal);
        var statuses = new Dictionary<int, int>();

        for (var i = 0; i < Requests; i++)
        {
            limits.MaxBodySize = random.Next(10) == 0 ? random.Next(50, 800) : RefAssuredReceiverOptions.DefaultMaxBodySize;
            var body = Body(random);
            var request = Request(random, body);
            var appendsBefore = inbox.Appended.Count;

            RefAssuredReceiveOutcome outcome;
            try
            {
                outcome = await receiver.ReceiveAsync(request, TestContext.Current.CancellationToken);
            }
            catch (Exception ex)
            {
                Assert.Fail($"request {i} threw {ex}");
                return;
            }

            statuses[outcome.StatusCode] = statuses.GetValueOrDefault(outcome.StatusCode) + 1;
            if (outcome.IsAccepted)
            {
                Assert.Equal(200, outcome.StatusCode);
                Assert.Equal(appendsBefore + 1, inbox.Appended.Count);
                var stored = inbox.Appended[^1];
                Assert.Equal(outcome.DeliveryId, stored.DeliveryId);
                Assert.True(accepted.Add(stored.DeliveryId), $"delivery id {stored.DeliveryId} given twice");
                Assert.True(RefAssuredEventParser.Parse(stored.EventType, stored.Body).IsSuccess);
            }
            else
            {
                Assert.NotEqual(200, outcome.StatusCode);
                Assert.Equal(appendsBefore, inbox.Appended.Count);
                Assert.Null(outcome.DeliveryId);
                Assert.Equal(RefAssuredReceiveOutcome.ProblemContentType, outcome.ContentType);
            }
        }

        Assert.Equal(accepted.Count, inbox.Appended.Count);
        Assert.Equal(statuses.GetValueOrDefault(200), inbox.Appended.Count);
        // The generator must reach every outcome, or the test proves less than it claims.
        Assert.All(new[] { 200, 400, 401, 404, 413, 415 }, code => Assert.True(statuses.GetValueOrDefault(code) > 50, $"status {code} seen {statuses.GetValueOrDefault(code)} times"));
        TestContext.Current.TestOutputHelper?.WriteLine(string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}")));
    }

    private static RefAssuredReceiveRequest Request(Random random, byte[] body)
    {
        var key = Keys[random.Next(Keys.Length)];
        var declared = random.Next(6) switch
        {
            0 => (long?)null,
            1 => Math.Max(0, body.Length - random.Next(1, 20)),
            2 => body.Length + random.Next(1, 20),
            _ => body.Length,
        };
        Stream stream = random.Next(20) == 0 ? new BrokenStream(body[..(body.Length / 2)]) : new MemoryStream(body);
        return new RefAssuredReceiveRequest
        {
            EventRoute = random.Next(30) == 0 ? null : Routes[random.Next(Routes.Length)],
            GetHeader = name => name == RefAssuredReceiver.KeyHeaderName ? key : null,
            ContentType = ContentTypes[random.Next(ContentTypes.Length)],
            ContentLength = declared,
            Body = stream,
        };
    }

    private static byte[] Body(Random random)
    {
        var sample = Fixture.Bytes(Fixtures[random.Next(Fixtures.Length)]);
        switch (random.Next(8))
        {
            case 0:
                return sample[..random.Next(sample.Length)];
            case 1:
                var flipped = (byte[])sample.Clone();
                for (var i = random.Next(1, 6); i > 0; i--)
                {
                    flipped[random.Next(flipped.Length)] = (byte)random.Next(256);
                }

                return flipped;
            case 2:
                return SwapType(sample, random);
            case 3:
                var noise = new byte[random.Next(0, 300)];
                random.NextBytes(noise);
                return noise;
            case 4:
                return Encoding.UTF8.GetBytes(new string('[', random.Next(1, 200)));
            default:
                return sample;
        }
    }

    private static byte[] SwapType(byte[] sample, Random random)
    {
        var root = JsonNode.Parse(sample)!.AsObject();
        var target = random.Next(3) == 0 && root["candidate"] is JsonObject candidate ? candidate : root;
        var names = target.Select(p => p.Key).ToList();
        var name = names[random.Next(names.Count)];
        target[name] = random.Next(6) switch
        {
            0 => 42,
            1 => "text",
            2 => true,
            3 => new JsonArray(1, 2),
            4 => null,
            _ => new JsonObject { ["nested"] = 1 },
        };
        return Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    private sealed class RecordingInbox : IRefAssuredInbox
    {
        public List<RefAssuredDelivery> Appended { get; } = [];

        public ValueTask AppendAsync(RefAssuredDelivery delivery, CancellationToken cancellationToken)
        {
            Appended.Add(delivery);
            return ValueTask.CompletedTask;
        }

        public IAsyncEnumerable<RefAssuredDelivery> ReadAsync(CancellationToken cancellationToken) => AsyncEnumerable.Empty<RefAssuredDelivery>();

        public ValueTask CompleteAsync(RefAssuredDelivery delivery, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask FailAsync(RefAssuredDelivery delivery, RefAssuredDeliveryFailure failure, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask ReleaseAsync(RefAssuredDelivery delivery, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}

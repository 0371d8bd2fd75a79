using System.Net;
using System.Net.Http.Headers;

namespace RefAssured.Sdk.AspNetCore.Tests.Routing;

/// <summary>
/// A body past the limit is answered 413, and the sender, still uploading, reads that answer:
/// the endpoint sends its answer, then reads and discards the rest within bounds, so the
/// connection does not end in a reset before the sender has read why.
/// </summary>
public sealed class OversizeUploadTests
{
    [Fact]
    public async Task HundredMegabyteChunkedUploads_WhileOtherDeliveriesRun_EachGets413WithItsProblemBody()
    {
        await using var host = await WebhookHost.StartAsync();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var others = Task.Run(async () =>
        {
            var accepted = 0;
            while (!stop.IsCancellationRequested)
            {
                await HttpAssert.AcceptedAsync(await host.PostEventAsync("sales-optin", Samples.SalesOptIn));
                accepted++;
            }

            return accepted;
        });

        // Three rounds of three 100 MB uploads at once against the default limit of 40 MiB.
        for (var round = 0; round < 3; round++)
        {
            var answers = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => PostZerosAsync(host, 100_000_000)));
            foreach (var (status, body) in answers)
            {
                Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
                Assert.Contains("urn:refassured-sdk:problem:payload-too-large", body, StringComparison.Ordinal);
            }
        }

        await stop.CancelAsync();
        var accepted = await others;
        Assert.True(accepted > 0);
        Assert.Equal(accepted, (await host.Recorder.WaitForAsync(accepted)).Count);
    }

    private static async Task<(HttpStatusCode Status, string Body)> PostZerosAsync(WebhookHost host, long length)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(host.BaseAddress, WebhookHost.Prefix + "/sales-optin")) { Content = new ZeroContent(length) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
        request.Headers.TransferEncodingChunked = true;
        request.Headers.TryAddWithoutValidation("x-refassured-key", WebhookHost.Key);
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(120) };
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>A body of zeros of any length, sent without being held in memory and without a declared length.</summary>
    private sealed class ZeroContent(long length) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var block = new byte[64 * 1024];
            for (var sent = 0L; sent < length; sent += block.Length)
            {
                await stream.WriteAsync(block.AsMemory(0, (int)Math.Min(block.Length, length - sent)));
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}

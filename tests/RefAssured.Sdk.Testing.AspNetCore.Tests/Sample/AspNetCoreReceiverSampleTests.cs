using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace RefAssured.Sdk.Testing.AspNetCore.Tests.Sample;

/// <summary>
/// The sample receiver (samples/AspNetCoreReceiver), its own Program hosted in process by
/// WebApplicationFactory, with its file inbox and reports in a fresh temporary directory.
/// </summary>
public sealed class AspNetCoreReceiverSampleTests : IAsyncDisposable
{
    private const string Key = "sample-in-process-key-7d21";
    private const string ReportFileName = "RefAssured_PreHire_Reference_John_Doe_10001.pdf";

    private readonly string _directory = Directory.CreateTempSubdirectory("refassured-sample-").FullName;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sample_EachVendorEvent_IsHandledByItsHandler()
    {
        await using var factory = Sample(key: Key);
        using var client = factory.CreateClient();
        var pdf = RefAssuredPdf.Create(64 * 1024, seed: 5);
        var report = RefAssuredSamples.ReferenceReport with { File = RefAssuredPdf.CreateReportFile(pdf) };

        RefAssuredPostOutcome[] outcomes =
        [
            await client.PostRefAssuredEventAsync(factory.Services, RefAssuredSamples.SalesOptIn, cancellationToken: Cancellation),
            await client.PostRefAssuredEventAsync(factory.Services, RefAssuredEventType.CandidateOptIn, RefAssuredSamples.GetUtf8Json(RefAssuredEventType.CandidateOptIn), cancellationToken: Cancellation),
            await client.PostRefAssuredEventAsync(factory.Services, RefAssuredEventType.CandidateNote, RefAssuredSamples.GetUtf8Json(RefAssuredEventType.CandidateNote), cancellationToken: Cancellation),
            await client.PostRefAssuredEventAsync(factory.Services, report, cancellationToken: Cancellation),
            await client.PostRefAssuredEventAsync(factory.Services, report, cancellationToken: Cancellation),
        ];

        Assert.All(outcomes, o => Assert.True(o.IsHandled, o.ToString()));
        Assert.Equal(5, outcomes.Select(o => o.DeliveryId).Distinct().Count());

        // The same report delivered twice is one file with its bytes.
        var saved = Assert.Single(Directory.GetFiles(Path.Combine(_directory, "reports")));
        Assert.Equal(ReportFileName, Path.GetFileName(saved));
        Assert.Equal(pdf, await File.ReadAllBytesAsync(saved, Cancellation));
        Assert.IsType<FileRefAssuredInbox>(factory.Services.GetRequiredService<IRefAssuredInbox>());
    }

    [Fact]
    public async Task Sample_ReportThatIsNotAPdf_IsDeadLetteredWithTheContentError()
    {
        await using var factory = Sample(key: Key);
        using var client = factory.CreateClient();
        var notPdf = RefAssuredSamples.ReferenceReport with { File = RefAssuredPdf.CreateReportFile("plain text, not a PDF"u8.ToArray()) };

        var outcome = await client.PostRefAssuredEventAsync(factory.Services, notPdf, cancellationToken: Cancellation);

        Assert.Equal(RefAssuredPostResult.DeadLettered, outcome.Result);
        Assert.IsType<ReportContentException>(outcome.Exception);
    }

    [Fact]
    public async Task Sample_WrongKey_Gets401AndStoresNothing()
    {
        await using var factory = Sample(key: Key);
        using var client = factory.CreateClient();

        var outcome = await client.PostRefAssuredEventAsync(factory.Services, RefAssuredSamples.SalesOptIn, new RefAssuredPostOptions { Key = "wrong-key" }, Cancellation);

        Assert.Equal(HttpStatusCode.Unauthorized, outcome.StatusCode);
        Assert.Equal(RefAssuredPostResult.Rejected, outcome.Result);
        var statistics = await factory.Services.GetRequiredService<IRefAssuredInboxMonitor>().GetStatisticsAsync(Cancellation);
        Assert.Equal((0, 0), (statistics.Depth, statistics.DeadLettered));
    }

    [Fact]
    public async Task Sample_InDevelopmentWithoutKey_IsPostedToWithTheDevelopmentKeyOfItsSettings()
    {
        await using var factory = Sample(key: null);
        using var client = factory.CreateClient();

        var outcome = await client.PostRefAssuredEventAsync(factory.Services, RefAssuredSamples.SalesOptIn, cancellationToken: Cancellation);
        var wrong = await client.PostRefAssuredEventAsync(factory.Services, RefAssuredSamples.SalesOptIn, new RefAssuredPostOptions { Key = Key }, Cancellation);

        Assert.True(outcome.IsHandled, outcome.ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }

    private WebApplicationFactory<Program> Sample(string? key) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Development");
            if (key is not null)
            {
                builder.UseSetting("RefAssured:Key", key);
            }

            builder.UseSetting("RefAssured:InboxDirectory", Path.Combine(_directory, "inbox"));
            builder.UseSetting("Reports:Directory", Path.Combine(_directory, "reports"));
            builder.ConfigureTestServices(services => services.AddRefAssuredTesting());
        });
}

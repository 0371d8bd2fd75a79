using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using RefAssured.Sdk;
using RefAssured.Sdk.Testing;
using Xunit;

namespace MyApp.Tests;

public sealed class WebhookTests : IClassFixture<WebApplicationFactory<Program>>
{
    private readonly WebApplicationFactory<Program> _app;

    public WebhookTests(WebApplicationFactory<Program> factory) =>
        _app = factory.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("RefAssured:Key", "test-key");
            builder.UseSetting("RefAssured:Inbox", "InMemory");
            builder.ConfigureTestServices(services => services.AddRefAssuredTesting());
        });

    [Fact]
    public async Task SalesOptIn_IsHandled()
    {
        using var client = _app.CreateClient();

        var outcome = await client.PostRefAssuredEventAsync(
            _app.Services, RefAssuredSamples.SalesOptIn, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(outcome.IsHandled, outcome.ToString());
    }

    [Fact]
    public async Task ReportWithoutAPdf_IsDeadLettered()
    {
        using var client = _app.CreateClient();
        var report = RefAssuredSamples.ReferenceReport with { File = RefAssuredPdf.CreateReportFile("not a PDF"u8.ToArray()) };

        var outcome = await client.PostRefAssuredEventAsync(
            _app.Services, report, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(RefAssuredPostResult.DeadLettered, outcome.Result);
        Assert.IsType<ReportContentException>(outcome.Exception);
    }

    [Fact]
    public async Task WrongKey_Gets401()
    {
        using var client = _app.CreateClient();

        var outcome = await client.PostRefAssuredEventAsync(
            _app.Services, RefAssuredSamples.SalesOptIn, new RefAssuredPostOptions { Key = "wrong-key" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, outcome.StatusCode);
        Assert.Equal(RefAssuredPostResult.Rejected, outcome.Result);
    }
}

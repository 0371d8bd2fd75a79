using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RefAssured.Sdk.LoadFloors.Tests;

/// <summary>The floors served on 127.0.0.1, with the durable floor's file in a temporary directory.</summary>
public sealed class FloorsTests : IAsyncLifetime
{
    private const string Key = "floor-test-key";
    // Small, so that each test preallocates little.
    private const int FileSize = 1024 * 1024;
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"firstName":"Jane","lastName":"Smith"}""");

    private readonly string _directory = Directory.CreateTempSubdirectory("refassured-floors-").FullName;
    private readonly HttpClient _client = new();
    private DurableFloor? _durable;
    private WebApplication? _app;

    private string DurableFile => Path.Combine(_directory, "durable-floor.bin");

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _durable = new DurableFloor(DurableFile, FileSize);
        _app.MapFloors(Key, _durable);
        await _app.StartAsync(TestContext.Current.CancellationToken);
        _client.BaseAddress = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        _durable?.Dispose();

        Directory.Delete(_directory, recursive: true);
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("drain")]
    [InlineData("durable")]
    public async Task Floor_WithTheKey_Answers200AndWithAnotherKey401(string floor)
    {
        Assert.Equal(HttpStatusCode.OK, await PostAsync(floor, Body, Key));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(floor, Body, "wrong-key"));
    }

    [Fact]
    public async Task DurableFloor_BodyOverItsLimit_Answers413()
    {
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, await PostAsync("durable", new byte[Floors.DurableBodyLimit + 1], Key));
    }

    [Fact]
    public async Task DurableFloor_Answers200OnlyOnceTheBodyIsAtTheStartOfItsFile()
    {
        Assert.Equal(HttpStatusCode.OK, await PostAsync("durable", Body, Key));

        // The first batch is written at the file's start; the rest of the file is still zeros.
        await using var file = new FileStream(DurableFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var start = new byte[Body.Length + 1];
        await file.ReadExactlyAsync(start, TestContext.Current.CancellationToken);
        Assert.Equal(Body, start[..^1]);
        Assert.Equal(0, start[^1]);
    }

    [Fact]
    public async Task DurableFloor_ManyBodiesAtOnce_EachIsInTheFileWhenItsStoreCompletes()
    {
        var path = Path.Combine(_directory, "batches.bin");
        var bodies = Enumerable.Range(0, 200).Select(i => Encoding.UTF8.GetBytes($"<body {i:D3}>")).ToArray();
        using (var floor = new DurableFloor(path, FileSize))
        {
            await Task.WhenAll(bodies.Select(floor.StoreAsync));

            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var written = new byte[bodies.Sum(body => body.Length)];
            await file.ReadExactlyAsync(written, TestContext.Current.CancellationToken);
            var text = Encoding.UTF8.GetString(written);
            Assert.All(bodies, body => Assert.Contains(Encoding.UTF8.GetString(body), text, StringComparison.Ordinal));
        }

        Assert.False(File.Exists(path), "The floor's file is deleted when it is closed.");
    }

    [Fact]
    public async Task DurableFloor_BatchPastTheEndOfItsFile_IsWrittenFromTheStart()
    {
        var path = Path.Combine(_directory, "wrapped.bin");
        var first = Enumerable.Repeat((byte)'a', 600 * 1024).ToArray();
        var second = Enumerable.Repeat((byte)'b', 600 * 1024).ToArray();
        using var floor = new DurableFloor(path, FileSize);

        await floor.StoreAsync(first);
        await floor.StoreAsync(second);

        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var written = new byte[FileSize];
        await file.ReadExactlyAsync(written, TestContext.Current.CancellationToken);
        // The second body did not fit after the first, so it took the first's place; the rest is still zeros.
        Assert.Equal(second, written[..second.Length]);
        Assert.All(written[second.Length..], value => Assert.Equal(0, value));
    }

    private async Task<HttpStatusCode> PostAsync(string floor, byte[] body, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/floor/" + floor) { Content = new ByteArrayContent(body) };
        request.Headers.Add("x-refassured-key", key);
        using var response = await _client.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }
}

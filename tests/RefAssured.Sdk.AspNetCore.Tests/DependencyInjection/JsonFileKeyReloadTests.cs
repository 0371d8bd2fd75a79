using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;

namespace RefAssured.Sdk.AspNetCore.Tests.DependencyInjection;

public sealed class JsonFileKeyReloadTests : IDisposable
{
    private const string KeyA = "json-key-a-0123456789";
    private const string KeyB = "json-key-b-9876543210";

    private readonly string _directory = Directory.CreateTempSubdirectory("refassured-reload-").FullName;

    [Fact]
    public async Task AppSettingsFileRewritten_NewKeyApplies_OldKeyRefused()
    {
        Write($$"""{ "RefAssured": { "Key": "{{KeyA}}" } }""");
        // Polling, not file-system events: the machine's watch limits cannot make the test miss a change.
        using var files = new PhysicalFileProvider(_directory) { UsePollingFileWatcher = true, UseActivePolling = true };
        await using var host = await WebhookHost.StartAsync((builder, _) =>
            builder.Configuration.AddJsonFile(files, "appsettings.json", optional: false, reloadOnChange: true));
        await HttpAssert.AcceptedAsync(await host.PostEventAsync("sales-optin", Samples.SalesOptIn, key: KeyA));

        Write($$"""{ "RefAssured": { "Key": "{{KeyB}}" } }""");

        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            using var response = await host.PostEventAsync("sales-optin", Samples.SalesOptIn, key: KeyB);
            if (response.IsSuccessStatusCode)
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The rewritten file's key still got {(int)response.StatusCode} after 90 s.");
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        await HttpAssert.ProblemAsync(await host.PostEventAsync("sales-optin", Samples.SalesOptIn, key: KeyA), 401, "key-mismatch");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    // Written to a temporary file and moved into place, so that no reload reads half a file.
    private void Write(string json)
    {
        var path = Path.Combine(_directory, "appsettings.json");
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, json);
        File.Move(temporary, path, overwrite: true);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
    }
}

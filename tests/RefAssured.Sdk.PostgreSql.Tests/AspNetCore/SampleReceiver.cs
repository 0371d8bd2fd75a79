using System.Globalization;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text.RegularExpressions;
using Npgsql;
using RefAssured.Sdk.Testing;

namespace RefAssured.Sdk.PostgreSql.Tests.AspNetCore;

/// <summary>
/// The ASP.NET Core sample (samples/AspNetCoreReceiver) run as a process, switched to the
/// PostgreSQL inbox by configuration only (environment variables), as an operator would run
/// several instances of it. What it handled is read from its log: its lead handler writes one line
/// per handled delivery, with the delivery id.
/// </summary>
internal sealed partial class SampleReceiver : IAsyncDisposable
{
    public const string Key = "postgres-sample-test-key";

    private SampleReceiver(string instanceName, SampleProcess process, Uri address)
    {
        InstanceName = instanceName;
        Process = process;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
    }

    public string InstanceName { get; }

    public SampleProcess Process { get; }

    public HttpClient Client { get; }

    /// <summary>Starts an instance named <paramref name="instanceName"/> on the database and schema given, with a lease of <paramref name="lease"/>.</summary>
    public static async Task<SampleReceiver> StartAsync(string instanceName, string connectionString, string schema, TimeSpan lease)
    {
        var assembly = typeof(SampleReceiver).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "SampleAssembly").Value!;
        var process = SampleProcess.Start(
            assembly,
            ["--contentRoot", Path.GetDirectoryName(Path.GetFullPath(assembly))!, "--urls", "http://127.0.0.1:0"],
            new Dictionary<string, string?>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["REFASSURED_WEBHOOK_KEY"] = Key,
                ["RefAssured__RequireHttps"] = "false",
                ["RefAssured__Inbox"] = "PostgreSql",
                // Named after the instance, its sessions can be told apart in pg_stat_activity.
                ["ConnectionStrings__RefAssured"] = new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = instanceName }.ConnectionString,
                ["RefAssured__PostgreSql__Schema"] = schema,
                ["RefAssured__PostgreSql__InstanceName"] = instanceName,
                ["RefAssured__PostgreSql__LeaseDuration"] = lease.ToString("c", CultureInfo.InvariantCulture),
            });
        try
        {
            return new SampleReceiver(instanceName, process, await process.KestrelAddressAsync());
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>The ids of the deliveries this instance's lead handler logged, once per time it handled one.</summary>
    public List<string> HandledIds() => [.. HandledLine().Matches(Process.Output).Select(m => m.Groups[1].Value)];

    /// <summary>Posts the vendor's sales opt-in sample with the key; the answer, or <see langword="null"/> when the instance could not be reached.</summary>
    public async Task<(int Status, string? DeliveryId)> PostLeadAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/refassured/sales-optin") { Content = new ByteArrayContent(Deliveries.SalesOptIn) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("x-refassured-key", Key);
        try
        {
            using var response = await Client.SendAsync(request, TestContext.Current.CancellationToken);
            return response.IsSuccessStatusCode
                ? (200, await Deliveries.AcceptedIdAsync(response))
                : ((int)response.StatusCode, null);
        }
        catch (HttpRequestException)
        {
            return (0, null);
        }
    }

    /// <summary>Sends <paramref name="signal"/> (KILL, STOP, CONT) to the process.</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = System.Diagnostics.Process.Start("kill", ["-" + signal, Process.Id.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.Equal(0, kill.ExitCode);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Process.DisposeAsync();
    }

    // The sample's LeadHandler: "New sales lead: Jane Smith (reference request 10001, delivery <id>)".
    [GeneratedRegex(@"New sales lead: .*, delivery ([0-9A-Za-z]+)\)")]
    private static partial Regex HandledLine();
}

using System.Reflection;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using RefAssured.Sdk.LoadTest;

// Load benchmark of both hosts (run it with build/load): wrk against the samples in Release on
// 127.0.0.1, set against floors that do the least any receiver must do, all on this machine in one run.
//   sales-optin sample, 32 connections, in rounds: (c) plain floor, (e) durable floor,
//     (a) ASP.NET Core sample with the file inbox, (b) with the in-memory inbox, (d) HttpListener sample with the file inbox.
//   10 MB report, 8 connections: the drain floor, (a) and (d) each on a fresh server, with its peak RSS.
// With REFASSURED_POSTGRES set (build/load starts a server of its own), also (p) the PostgreSQL
//   floor and (f) the ASP.NET Core sample with the PostgreSQL inbox, and both with 10 MB reports.
// The servers run their handlers as in production, on the same cores; each works in a temporary directory.
// Usage: build/load [seconds per measurement, default 10] [rounds of the sales-optin cases, default 3]
var counts = args.Select(arg => int.TryParse(arg, out var count) && count > 0 ? count : 0).ToArray();
if (counts.Length > 2 || counts.Contains(0))
{
    Console.Error.WriteLine("Usage: build/load [seconds per measurement, 1 or more] [rounds, 1 or more]");
    return 2;
}

var seconds = counts.Length > 0 ? counts[0] : 10;
var rounds = counts.Length > 1 ? counts[1] : 3;

// Long enough for tiered compilation to finish optimizing the SDK's code under load on two cores.
const int Warmup = 10;
const string Key = "load-benchmark-key";
string Metadata(string name) => typeof(Server).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == name).Value!;
string App(string project) => Path.Combine(Metadata("RepoRoot"), project, "bin", Metadata("Configuration"), "net10.0", Path.GetFileName(project) + ".dll");
var output = Directory.CreateDirectory(Path.Combine(Metadata("RepoRoot"), "artifacts", "load")).FullName;
foreach (var old in Directory.GetFiles(output, "wrk-*.txt").Concat(Directory.GetFiles(output, "*-problems.log")))
{
    File.Delete(old);
}

var work = Directory.CreateTempSubdirectory("refassured-load-").FullName;
var running = new List<Server>();
var notes = new List<string>();
var results = new Dictionary<string, Measurement>();
var peakRss = new Dictionary<string, int>();
var loadBefore = File.ReadAllText("/proc/loadavg");
var postgres = Environment.GetEnvironmentVariable("REFASSURED_POSTGRES");
postgres = string.IsNullOrEmpty(postgres) ? null : postgres;
try
{
    // Bodies: the vendor's sales opt-in sample, and a report carrying 10 MiB of PDF (13.4 MB of JSON).
    var small = Path.Combine(work, "sales-optin.json");
    File.Copy(Path.Combine(AppContext.BaseDirectory, "sales-optin.json"), small);
    var report = Path.Combine(work, "report.json");
    var pdf = "%PDF-1.7\n"u8.ToArray().Concat(RandomNumberGenerator.GetBytes(10 * 1024 * 1024)).ToArray();
    const string ReportHead = """{"candidate":{"personId":30001},"file":{"fileType":"application/pdf","fileName":"load.pdf","base64Content":""";
    File.WriteAllText(report, ReportHead + "\"" + Convert.ToBase64String(pdf) + "\"}}");
    var script = Path.Combine(work, "post.lua");
    File.WriteAllText(script, """
        wrk.method = "POST"
        wrk.headers["Content-Type"] = "application/json"
        wrk.headers["x-refassured-key"] = os.getenv("LOAD_KEY")
        local file = io.open(os.getenv("LOAD_BODY"), "rb")
        wrk.body = file:read("*a")
        file:close()
        """);
    var wrk = new Wrk(Key, script, output);

    var floors = await StartAsync("floors", "tests/RefAssured.Sdk.LoadFloors", inbox: null);
    var fileInbox = await StartAsync("aspnetcore-file", "samples/AspNetCoreReceiver", "File");
    var memoryInbox = await StartAsync("aspnetcore-memory", "samples/AspNetCoreReceiver", "InMemory");
    var listener = await StartHttpListenerAsync("httplistener-file");
    var postgresInbox = postgres is null ? null : await StartAsync("aspnetcore-postgresql", "samples/AspNetCoreReceiver", "PostgreSql");
    List<(string Id, Server Server, string Url)> cases =
    [
        ("c", floors, floors.Url + "/floor/plain"),
        ("e", floors, floors.Url + "/floor/durable"),
        ("a", fileInbox, fileInbox.Url + "/webhooks/refassured/sales-optin"),
        ("b", memoryInbox, memoryInbox.Url + "/webhooks/refassured/sales-optin"),
        ("d", listener, listener.Url + "sales-optin"),
    ];
    if (postgresInbox is not null)
    {
        cases.Add(("p", floors, floors.Url + "/floor/postgres"));
        cases.Add(("f", postgresInbox, postgresInbox.Url + "/webhooks/refassured/sales-optin"));
    }

    Console.Error.WriteLine($"Measuring {seconds} s per case after {Warmup} s of warm-up, the sales-optin cases in {rounds} rounds...");
    foreach (var (_, _, url) in cases)
    {
        await wrk.WarmUpAsync(url, small, 32, Warmup);
    }

    // Each round measures every case a few seconds after the others, so that each ratio sets a
    // case against a floor measured moments before: this machine's speed drifts from minute to minute.
    for (var round = 1; round <= rounds; round++)
    {
        foreach (var (id, server, url) in cases)
        {
            await WaitIdleAsync();
            results[$"{id}.{round}"] = await wrk.MeasureAsync($"{id}.{round}", server, url, small, 32, seconds);
        }
    }

    foreach (var server in new[] { fileInbox, memoryInbox, listener, postgresInbox })
    {
        if (server is not null)
        {
            await StopAsync(server);
        }
    }

    // 10 MB: the drain floor before and after (a), averaged; (a) and (d) on fresh servers, so that
    // each peak RSS is that of its own run alone.
    await wrk.WarmUpAsync(floors.Url + "/floor/drain", report, 8, Warmup);
    results["drain.1"] = await wrk.MeasureAsync("drain.1", floors, floors.Url + "/floor/drain", report, 8, seconds);
    await MeasureReportsAsync("a10", await StartAsync("aspnetcore-report", "samples/AspNetCoreReceiver", "File"), "/webhooks/refassured/reference-report");
    await WaitIdleAsync();
    results["drain.2"] = await wrk.MeasureAsync("drain.2", floors, floors.Url + "/floor/drain", report, 8, seconds);
    await MeasureReportsAsync("d10", await StartHttpListenerAsync("httplistener-report"), "reference-report");
    if (postgres is not null)
    {
        await WaitIdleAsync();
        results["drain.3"] = await wrk.MeasureAsync("drain.3", floors, floors.Url + "/floor/drain", report, 8, seconds);
        await wrk.WarmUpAsync(floors.Url + "/floor/postgres", report, 8, Warmup);
        results["p10"] = await wrk.MeasureAsync("p10", floors, floors.Url + "/floor/postgres", report, 8, seconds);
        await MeasureReportsAsync("f10", await StartAsync("aspnetcore-postgresql-report", "samples/AspNetCoreReceiver", "PostgreSql"), "/webhooks/refassured/reference-report");
    }

    await StopAsync(floors);

    async Task MeasureReportsAsync(string id, Server server, string route)
    {
        await wrk.WarmUpAsync(server.Url + route, report, 8, Warmup);
        results[id] = await wrk.MeasureAsync(id, server, server.Url + route, report, 8, seconds);
        peakRss[id] = server.PeakRssMb;
        await StopAsync(server);
    }
}
finally
{
    foreach (var server in running.ToArray())
    {
        await StopAsync(server);
    }

    Directory.Delete(work, recursive: true);
}

var table = new Report(results, peakRss, rounds).Write(notes, $"wrk -t2, {seconds} s per case after {Warmup} s of warm-up, {rounds} rounds; load average (1, 5, 15 min) {string.Join(' ', loadBefore.Split(' ').Take(3))} before the run, {string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3))} after it");
Console.WriteLine(table);
File.WriteAllText(Path.Combine(output, "load.md"), table);
return 0;

// A floors app (inbox null) or the ASP.NET Core sample with an inbox kind, in Production, logging
// warnings only, on a free port of 127.0.0.1. With REFASSURED_POSTGRES, the floors get the PostgreSQL floor and the sample the connection string for its PostgreSQL inbox.
async Task<Server> StartAsync(string name, string project, string? inbox)
{
    var environment = new Dictionary<string, string>
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["REFASSURED_WEBHOOK_KEY"] = Key,
        ["RefAssured__RequireHttps"] = "false",
        ["RefAssured__Inbox"] = inbox ?? "File",
        ["RefAssured__InMemoryInboxCapacity"] = "2000000",
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
    };
    if (postgres is not null)
    {
        environment["REFASSURED_POSTGRES"] = postgres;
        environment["ConnectionStrings__RefAssured"] = postgres;
    }

    var app = App(project);
    var server = await Server.StartAsync(name, work, app, ["--contentRoot", Path.GetDirectoryName(app)!, "--urls", "http://127.0.0.1:0"], environment, KestrelListening());
    running.Add(server);
    return server;
}

// The HttpListener sample with its file inbox; another port is tried when the one picked was taken meanwhile.
async Task<Server> StartHttpListenerAsync(string name)
{
    for (var attempt = 1; ; attempt++)
    {
        var prefix = $"http://127.0.0.1:{Server.FreePort()}/webhooks/refassured/";
        try
        {
            var server = await Server.StartAsync(name + (attempt > 1 ? $"-{attempt}" : string.Empty), work, App("samples/HttpListenerReceiver"), ["--prefix", prefix], new Dictionary<string, string> { ["REFASSURED_WEBHOOK_KEY"] = Key, ["DOTNET_ENVIRONMENT"] = "Production" }, HttpListenerListening());
            running.Add(server);
            return server;
        }
        catch (InvalidOperationException) when (attempt < 3)
        {
        }
    }
}

async Task StopAsync(Server server)
{
    running.Remove(server);
    notes.AddRange(await server.StopAsync(output));
}

// Waits until the handlers of every running server have caught up, so that the backlog of one
// measurement does not run during the next.
async Task WaitIdleAsync()
{
    foreach (var server in running)
    {
        if (!await server.WaitIdleAsync())
        {
            notes.Add($"{server.Name} was still busy a minute after a measurement.");
        }
    }
}

internal static partial class Program
{
    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex KestrelListening();

    [GeneratedRegex(@"Listening on (http://127\.0\.0\.1:\d+/webhooks/refassured/)")]
    private static partial Regex HttpListenerListening();
}

using System.Runtime.InteropServices;
using HttpListenerReceiver;
using RefAssured.Sdk;
using RefAssured.Sdk.HttpListener;

// Receives RefAssured webhooks with HttpListener at {prefix}{event}: each request's key is checked
// and its delivery stored in the file inbox before the 200; the handlers then run in the background.
// Options: --prefix http://127.0.0.1:5081/webhooks/refassured/ --inbox refassured-inbox --reports reports
string Option(string name, string fallback) => args.SkipWhile(arg => arg != name).Skip(1).FirstOrDefault() ?? fallback;
var prefix = Option("--prefix", "http://127.0.0.1:5081/webhooks/refassured/");

var key = Environment.GetEnvironmentVariable("REFASSURED_WEBHOOK_KEY");
if (string.IsNullOrEmpty(key) && Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") == "Development")
{
    // DEVELOPMENT ONLY: a key for trying the sample on your machine (Properties/launchSettings.json sets Development).
    key = "DEVELOPMENT-ONLY-refassured-sample-key";
    Console.WriteLine($"DEVELOPMENT ONLY: REFASSURED_WEBHOOK_KEY is not set, so this sample accepts x-refassured-key: {key}");
}

if (string.IsNullOrEmpty(key))
{
    Console.Error.WriteLine("Set REFASSURED_WEBHOOK_KEY to the key shown in RefAssured's webhook settings.");
    return 1;
}

var options = new RefAssuredHttpListenerOptions { Keys = new RefAssuredKeySet(key), Log = Console.WriteLine };
options.Prefixes.Add(prefix);
options.FileInbox.Directory = Option("--inbox", "refassured-inbox");
var handlers = Handlers.Register(new RefAssuredDispatcherBuilder(), Option("--reports", "reports"));

await using var host = new RefAssuredHttpListenerHost(options, handlers.Build());
await host.StartAsync();
Console.WriteLine($"Listening on {prefix}{{event}}; press Ctrl+C to stop.");

// Ctrl+C (SIGINT) and a service manager's stop (SIGTERM) both end in a graceful stop.
var stop = new TaskCompletionSource();
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
await stop.Task;

Console.WriteLine("Stopping: finishing requests and running handlers; the rest stays stored for the next start.");
await host.StopAsync();
return 0;

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.TrySetResult();
}

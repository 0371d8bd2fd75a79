using System.Runtime.InteropServices;
using HttpListenerReceiver;
using RefAssured.Sdk;
using RefAssured.Sdk.HttpListener;

// Receives RefAssured webhooks on HttpListener at {prefix}{event}; Ctrl+C stops it gracefully.
// Arguments: [--prefix http://127.0.0.1:5081/webhooks/refassured/] [--reports ./reports] [--inbox ./refassured-inbox]
var settings = SampleSettings.Parse(args);
var key = SampleSettings.Key();
if (key is null)
{
    Console.Error.WriteLine("Set REFASSURED_WEBHOOK_KEY to the verification key from RefAssured's webhook settings.");
    return 1;
}

var options = new RefAssuredHttpListenerOptions { Keys = new RefAssuredKeySet(key), Log = Console.WriteLine };
options.Prefixes.Add(settings.Prefix);
options.FileInbox.Directory = settings.InboxDirectory;
using var handled = new HandledDeliveries(settings.HandledDirectory);
var handlers = new SampleHandlers(settings.ReportsDirectory, handled);

await using var host = new RefAssuredHttpListenerHost(options, handlers.Register(new RefAssuredDispatcherBuilder()).Build());
await host.StartAsync();
Console.WriteLine($"Listening on {settings.Prefix}{{event}} — press Ctrl+C to stop.");

// Ctrl+C (SIGINT) and SIGTERM (a service manager's stop) both end in a graceful stop.
using var stop = new CancellationTokenSource();
void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}

using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
}

Console.WriteLine("Stopping: finishing requests and running handlers; the rest stays stored for the next start.");
await host.StopAsync();
return 0;

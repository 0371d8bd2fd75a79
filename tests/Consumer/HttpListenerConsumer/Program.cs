using System.Runtime.InteropServices;
using RefAssured.Sdk;
using RefAssured.Sdk.HttpListener;

// A new console app receiving RefAssured webhooks with HttpListener, written as the package README says.
var prefix = args.Length > 0 ? args[0] : "http://127.0.0.1:5081/webhooks/refassured/";
var options = new RefAssuredHttpListenerOptions
{
    Keys = new RefAssuredKeySet(Environment.GetEnvironmentVariable("REFASSURED_WEBHOOK_KEY") ?? throw new InvalidOperationException("Set REFASSURED_WEBHOOK_KEY.")),
    Log = Console.WriteLine,
};
options.Prefixes.Add(prefix);

Directory.CreateDirectory("effects");
var handlers = new RefAssuredDispatcherBuilder()
    .On<SalesOptIn>((lead, context, cancellationToken) =>
        File.WriteAllTextAsync(Path.Combine("effects", context.DeliveryId + ".txt"), $"{context.EventType} {lead.Email}", cancellationToken));

await using var host = new RefAssuredHttpListenerHost(options, handlers.Build());
await host.StartAsync();
Console.WriteLine($"Listening on {prefix}");

var stop = new TaskCompletionSource();
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.TrySetResult();
});
await stop.Task;
await host.StopAsync();

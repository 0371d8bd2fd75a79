using RefAssured.Sdk.LoadFloors;

// Serves the load benchmark's floors with the key of REFASSURED_WEBHOOK_KEY; the durable floor's
// file is written in the working directory.
var builder = WebApplication.CreateBuilder(args);
var key = builder.Configuration["REFASSURED_WEBHOOK_KEY"];
if (string.IsNullOrEmpty(key))
{
    Console.Error.WriteLine("Set REFASSURED_WEBHOOK_KEY to the key the floors compare.");
    return 1;
}

var app = builder.Build();
using var durable = new DurableFloor("durable-floor.bin");
app.MapFloors(key, durable);
app.Run();
return 0;

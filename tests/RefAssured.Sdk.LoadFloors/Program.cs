using RefAssured.Sdk.LoadFloors;

// Serves the load benchmark's floors with the key of REFASSURED_WEBHOOK_KEY; the durable floor's
// file is written in the working directory. With REFASSURED_POSTGRES (a connection string), the
// PostgreSQL floor too.
var builder = WebApplication.CreateBuilder(args);
var key = builder.Configuration["REFASSURED_WEBHOOK_KEY"];
if (string.IsNullOrEmpty(key))
{
    Console.Error.WriteLine("Set REFASSURED_WEBHOOK_KEY to the key the floors compare.");
    return 1;
}

var app = builder.Build();
using var durable = new DurableFloor("durable-floor.bin");
var connectionString = builder.Configuration["REFASSURED_POSTGRES"];
await using var postgres = string.IsNullOrEmpty(connectionString) ? null : await PostgreSqlFloor.CreateAsync(connectionString);
app.MapFloors(key, durable, postgres);
await app.RunAsync();
return 0;

using AspNetCoreReceiver;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

// Receives RefAssured webhooks at /webhooks/refassured/{event}; handlers run in the background.
var builder = WebApplication.CreateBuilder(args);
builder.UseDevelopmentKeyWhenNoneIsConfigured();

builder.Services.Configure<SampleOptions>(builder.Configuration.GetSection("Sample"));
builder.Services.AddSingleton<HandledDeliveries>();
builder.Services.AddRefAssuredWebhooks(builder.Configuration.GetSection("RefAssured"))
    .AddHandler<LeadHandler>()
    .AddHandler<CandidateHandler>()
    .AddHandler<NoteHandler>()
    .AddHandler<ReportHandler>();
builder.Services.AddHealthChecks().AddRefAssuredWebhooks();

var app = builder.Build();
app.MapRefAssuredWebhooks("/webhooks/refassured");
app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = HealthJson.WriteAsync });
app.MapLoadFloorsWhenEnabled();
app.Run();

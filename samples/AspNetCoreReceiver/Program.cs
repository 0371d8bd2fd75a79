using AspNetCoreReceiver;

// Receives RefAssured webhooks at POST /webhooks/refassured/{event}: each request's key is
// checked and its delivery stored in the file inbox before the 200; the handlers below then run
// in the background, with retries. The key comes from the environment variable
// REFASSURED_WEBHOOK_KEY or the configuration key RefAssured:Key.
var builder = WebApplication.CreateBuilder(args);

builder.Services.AddRefAssuredWebhooks(builder.Configuration.GetSection("RefAssured"))
    .AddHandler<LeadHandler>()
    .AddHandler<CandidateHandler>()
    .AddHandler<NoteHandler>()
    .AddHandler<ReportHandler>();
builder.Services.AddHealthChecks().AddRefAssuredWebhooks();

var app = builder.Build();
app.MapRefAssuredWebhooks("/webhooks/refassured");
app.MapHealthChecks("/health");
app.Run();

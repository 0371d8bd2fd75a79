using AspNetCoreReceiver;

// Receives RefAssured webhooks at POST /webhooks/refassured/{event}: each request's key is
// checked and its delivery stored in the file inbox before the 200; the handlers below then run
// in the background, with retries. The options are bound from the configuration section
// RefAssured; the key comes from the configuration key RefAssured:Key or, when that is not set,
// from REFASSURED_WEBHOOK_KEY. AspNetCoreReceiver.http posts the vendor's samples to it.
var builder = WebApplication.CreateBuilder(args);

builder.Services.AddRefAssuredWebhooks()
    .AddHandler<LeadHandler>()
    .AddHandler<CandidateHandler>()
    .AddHandler<NoteHandler>()
    .AddHandler<ReportHandler>()
    // Several instances share one inbox in PostgreSQL when configured so, with nothing else changed:
    // RefAssured__Inbox=PostgreSql and ConnectionStrings__RefAssured="Host=...;Database=...".
    // Without that the file inbox stays in use.
    .AddPostgreSqlInbox();
builder.Services.AddHealthChecks().AddRefAssuredWebhooks();

var app = builder.Build();
app.MapRefAssuredWebhooks("/webhooks/refassured");
app.MapHealthChecks("/health");
app.Run();

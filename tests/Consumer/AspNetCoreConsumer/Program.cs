using RefAssured.Sdk;

// A new ASP.NET Core app receiving RefAssured webhooks, written as the package README says.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Services.AddRefAssuredWebhooks()
    .AddHandler<EffectWriter>();

var app = builder.Build();
app.MapRefAssuredWebhooks("/webhooks/refassured");
app.Run();

/// <summary>Leaves a trace of every event in the effects directory, and saves reports there.</summary>
internal sealed class EffectWriter(IConfiguration configuration) :
    IRefAssuredHandler<SalesOptIn>, IRefAssuredHandler<CandidateOptIn>, IRefAssuredHandler<CandidateNote>, IRefAssuredHandler<ReferenceReport>
{
    private readonly string _effects = configuration["Effects"] ?? "effects";

    public Task HandleAsync(SalesOptIn evt, RefAssuredEventContext context, CancellationToken cancellationToken) =>
        WriteAsync(context, evt.Email, cancellationToken);

    public Task HandleAsync(CandidateOptIn evt, RefAssuredEventContext context, CancellationToken cancellationToken) =>
        WriteAsync(context, evt.Email, cancellationToken);

    public Task HandleAsync(CandidateNote evt, RefAssuredEventContext context, CancellationToken cancellationToken) =>
        WriteAsync(context, evt.Action?.ToString(), cancellationToken);

    public async Task HandleAsync(ReferenceReport evt, RefAssuredEventContext context, CancellationToken cancellationToken)
    {
        try
        {
            var path = await evt.SaveFileAsync(Path.Combine(_effects, "reports"), context, cancellationToken: cancellationToken);
            await WriteAsync(context, Path.GetFileName(path), cancellationToken);
        }
        catch (ReportContentException ex)
        {
            // The vendor's documented sample carries a truncated PDF: record that instead of retrying.
            await WriteAsync(context, "unreadable " + ex.Problem, cancellationToken);
        }
    }

    private Task WriteAsync(RefAssuredEventContext context, string? detail, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_effects);
        return File.WriteAllTextAsync(Path.Combine(_effects, context.DeliveryId + ".txt"), $"{context.EventType} {detail}", cancellationToken);
    }
}

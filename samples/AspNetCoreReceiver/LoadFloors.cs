using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using RefAssured.Sdk.AspNetCore;

namespace AspNetCoreReceiver;

/// <summary>
/// The floors the load benchmark (build/load) compares the SDK endpoint with: the least
/// any receiver must do. Mapped only when <c>Sample:LoadFloors</c> is true.
/// </summary>
public static class LoadFloors
{
    // The durable floor is meant for small events: a batch of 32 such bodies stays far inside its file.
    private const int DurableBodyLimit = 64 * 1024;

    /// <summary>
    /// Maps <c>POST /floor/header</c> (checks the key, reads nothing), <c>POST /floor/read</c>
    /// (checks the key, reads and discards the body) and <c>POST /floor/durable</c> (checks the
    /// key, reads the body and answers once it is flushed to disk, see <see cref="DurableFloor"/>).
    /// </summary>
    public static void MapLoadFloorsWhenEnabled(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<IOptions<SampleOptions>>().Value.LoadFloors)
        {
            return;
        }

        var key = Encoding.UTF8.GetBytes(app.Services.GetRequiredService<IOptions<RefAssuredWebhookOptions>>().Value.Key ?? string.Empty);
        app.MapPost("/floor/header", (HttpContext context) => Results.StatusCode(KeyMatches(context, key) ? 200 : 401));
        app.MapPost("/floor/read", async (HttpContext context) =>
        {
            if (!KeyMatches(context, key))
            {
                return Results.StatusCode(401);
            }

            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
            return Results.StatusCode(200);
        });

        var durable = new DurableFloor("durable-floor.bin");
        app.Lifetime.ApplicationStopped.Register(durable.Dispose);
        app.MapPost("/floor/durable", async (HttpContext context) =>
        {
            if (!KeyMatches(context, key))
            {
                return Results.StatusCode(401);
            }

            if (context.Request.ContentLength is not { } length)
            {
                return Results.StatusCode(411);
            }

            if (length > DurableBodyLimit)
            {
                return Results.StatusCode(413);
            }

            var body = new byte[length];
            await context.Request.Body.ReadExactlyAsync(body, context.RequestAborted);
            await durable.StoreAsync(body);
            return Results.StatusCode(200);
        });
    }

    private static bool KeyMatches(HttpContext context, byte[] key) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(context.Request.Headers["x-refassured-key"].ToString()), key);
}

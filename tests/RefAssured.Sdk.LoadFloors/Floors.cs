using System.Security.Cryptography;
using System.Text;

namespace RefAssured.Sdk.LoadFloors;

/// <summary>
/// The endpoints the load benchmark sets the SDK's against: what any receiver must do at least,
/// and nothing more. Each compares the <c>x-refassured-key</c> header first and answers 401 when
/// it does not match.
/// </summary>
public static class Floors
{
    /// <summary>The largest body the durable floor takes: it is meant for small events, and a batch of them stays far inside its file.</summary>
    public const int DurableBodyLimit = 64 * 1024;

    /// <summary>
    /// Maps <c>POST /floor/plain</c> (answers 200, body unread), <c>POST /floor/drain</c> (reads
    /// and discards the body, then answers 200) and <c>POST /floor/durable</c> (reads the body and
    /// answers 200 once <paramref name="durable"/> has flushed it), and, with
    /// <paramref name="postgres"/>, <c>POST /floor/postgres</c> (reads the body and answers 200
    /// once it is committed in PostgreSQL).
    /// </summary>
    public static void MapFloors(this WebApplication app, string key, DurableFloor durable, PostgreSqlFloor? postgres = null)
    {
        var keyBytes = Encoding.UTF8.GetBytes(key);
        bool KeyMatches(HttpContext context) =>
            CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(context.Request.Headers["x-refassured-key"].ToString()), keyBytes);

        app.MapPost("/floor/plain", (HttpContext context) => Results.StatusCode(KeyMatches(context) ? 200 : 401));
        app.MapPost("/floor/drain", async (HttpContext context) =>
        {
            if (!KeyMatches(context))
            {
                return Results.StatusCode(401);
            }

            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
            return Results.StatusCode(200);
        });

        app.MapPost("/floor/durable", async (HttpContext context) =>
        {
            if (!KeyMatches(context))
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

        if (postgres is not null)
        {
            app.MapPost("/floor/postgres", async (HttpContext context) =>
            {
                if (!KeyMatches(context))
                {
                    return Results.StatusCode(401);
                }

                if (context.Request.ContentLength is not { } length)
                {
                    return Results.StatusCode(411);
                }

                var body = new byte[length];
                await context.Request.Body.ReadExactlyAsync(body, context.RequestAborted);
                await postgres.StoreAsync(body, context.RequestAborted);
                return Results.StatusCode(200);
            });
        }
    }
}

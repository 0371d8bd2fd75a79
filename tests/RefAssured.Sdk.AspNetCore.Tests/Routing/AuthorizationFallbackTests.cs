using System.Net;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace RefAssured.Sdk.AspNetCore.Tests.Routing;

/// <summary>
/// An application that requires a signed-in user everywhere by default (a fallback policy) still
/// receives RefAssured's deliveries: RefAssured sends no user, and the key is the authentication.
/// </summary>
public sealed class AuthorizationFallbackTests
{
    [Fact]
    public async Task Post_AppRequiresAuthenticatedUsersByDefault_WebhooksAreStillAccepted()
    {
        await using var host = await StartWithFallbackPolicyAsync(app =>
        {
            app.MapRefAssuredWebhooks(WebhookHost.Prefix);
            app.MapRefAssuredWebhook<CandidateNote>("/hooks/notes");
        });

        var privatePage = await host.Client.GetAsync("/private", TestContext.Current.CancellationToken);
        var viaPrefix = await host.PostEventAsync("sales-optin", Samples.SalesOptIn);
        var viaOwnPath = await host.PostAsync("/hooks/notes", Samples.Bytes("candidate-notes.json"));

        Assert.Equal(HttpStatusCode.Unauthorized, privatePage.StatusCode);
        await HttpAssert.AcceptedAsync(viaPrefix);
        await HttpAssert.AcceptedAsync(viaOwnPath);
        Assert.Equal(2, (await host.Recorder.WaitForAsync(2)).Count);
    }

    [Fact]
    public async Task Post_AppRequiresAuthenticatedUsersByDefault_WrongKeyGetsTheSdksOwn401()
    {
        await using var host = await StartWithFallbackPolicyAsync(app => app.MapRefAssuredWebhooks(WebhookHost.Prefix));

        await HttpAssert.ProblemAsync(await host.PostEventAsync("sales-optin", Samples.SalesOptIn, key: "not-the-key"), 401, "key-mismatch");
        Assert.Empty(host.Recorder.Handled);
    }

    private static Task<WebhookHost> StartWithFallbackPolicyAsync(Action<WebApplication> map) => WebhookHost.StartAsync(
        (builder, _) =>
        {
            builder.Services
                .AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
                .AddCookie(options => options.Events.OnRedirectToLogin = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return Task.CompletedTask;
                });
            builder.Services.AddAuthorization(options =>
                options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        },
        app =>
        {
            app.UseAuthentication();
            app.UseAuthorization();
            app.MapGet("/private", () => "signed-in users only");
            map(app);
        });
}

using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Platform.ServiceDefaults.Auth;

namespace Platform.ServiceDefaults.Tests;

/// <summary>
/// The platform answers "any authenticated user" and looks up its schemes without the framework's per-request work;
/// these tests hold it to the framework's answers.
/// </summary>
public sealed class AuthorizationShortcutTests : IAsyncLifetime
{
    private TestTokenIssuer tokens = null!;

    public async Task InitializeAsync() => tokens = await TestTokenIssuer.StartAsync();

    public async Task DisposeAsync() => await tokens.DisposeAsync();

    [Fact]
    public async Task Authenticated_users_pass_the_default_policy_roles_are_still_checked_and_anonymous_callers_are_challenged()
    {
        await using var probe = await StartAsync();
        var owner = tokens.Issue(Guid.NewGuid(), "owner");
        var staff = tokens.Issue(Guid.NewGuid(), "staff");

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(probe, "/any-user", owner));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(probe, "/any-user", staff));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(probe, "/any-user", token: null));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(probe, "/any-user", "not-a-token"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(probe, "/owners", owner));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(probe, "/owners", staff));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(probe, "/owners", token: null));
    }

    [Fact]
    public async Task An_authorization_handler_the_application_adds_decides_default_policy_requests_too()
    {
        await using var probe = await StartAsync(services => services.AddScoped<IAuthorizationHandler, RefusesEveryone>());

        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(probe, "/any-user", tokens.Issue(Guid.NewGuid())));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(probe, "/any-user", token: null));
    }

    [Fact]
    public async Task Schemes_added_or_removed_while_running_change_the_answers()
    {
        await using var probe = await StartAsync();
        var schemes = probe.App.Services.GetRequiredService<IAuthenticationSchemeProvider>();
        Assert.Empty(await schemes.GetRequestHandlerSchemesAsync());
        var bearer = await schemes.GetDefaultAuthenticateSchemeAsync();
        Assert.Equal("Bearer", bearer?.Name);

        schemes.AddScheme(new AuthenticationScheme("callback", null, typeof(HandlesItsOwnRequests)));
        Assert.Equal(["callback"], (await schemes.GetRequestHandlerSchemesAsync()).Select(scheme => scheme.Name));
        Assert.Equal(HttpStatusCode.Accepted, await StatusAsync(probe, HandlesItsOwnRequests.CallbackPath, token: null));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(probe, "/any-user", tokens.Issue(Guid.NewGuid())));

        schemes.RemoveScheme("callback");
        schemes.RemoveScheme("Bearer");
        Assert.Empty(await schemes.GetRequestHandlerSchemesAsync());
        Assert.Null(await schemes.GetDefaultAuthenticateSchemeAsync());
    }

    private async Task<ProbeApp> StartAsync(Action<IServiceCollection>? services = null) =>
        await ProbeApp.StartAsync(
            new Dictionary<string, string?> { ["Auth:Authority"] = tokens.Authority },
            builder =>
            {
                builder.AddPlatformAuthentication();
                services?.Invoke(builder.Services);
            },
            app =>
            {
                app.MapGet("/any-user", () => TypedResults.Ok()).RequireAuthorization();
                app.MapGet("/owners", () => TypedResults.Ok()).RequireAuthorization(policy => policy.RequireRole("owner"));
            });

    private static async Task<HttpStatusCode> StatusAsync(ProbeApp probe, string path, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
        {
            request.Headers.Authorization = new("Bearer", token);
        }

        using var response = await probe.Client.SendAsync(request);
        return response.StatusCode;
    }

    private sealed class RefusesEveryone : IAuthorizationHandler
    {
        public Task HandleAsync(AuthorizationHandlerContext context)
        {
            context.Fail(new AuthorizationFailureReason(this, "Nobody gets in."));
            return Task.CompletedTask;
        }
    }

    /// <summary>A scheme whose handler answers a request itself, as remote sign-in callbacks do.</summary>
    private sealed class HandlesItsOwnRequests : IAuthenticationRequestHandler
    {
        public const string CallbackPath = "/signin-callback";

        private HttpContext context = null!;

        public Task<bool> HandleRequestAsync()
        {
            if (context.Request.Path != CallbackPath)
            {
                return Task.FromResult(false);
            }

            context.Response.StatusCode = StatusCodes.Status202Accepted;
            return Task.FromResult(true);
        }

        public Task InitializeAsync(AuthenticationScheme scheme, HttpContext context)
        {
            this.context = context;
            return Task.CompletedTask;
        }

        public Task<AuthenticateResult> AuthenticateAsync() => Task.FromResult(AuthenticateResult.NoResult());

        public Task ChallengeAsync(AuthenticationProperties? properties) => Task.CompletedTask;

        public Task ForbidAsync(AuthenticationProperties? properties) => Task.CompletedTask;
    }
}

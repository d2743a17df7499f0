using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Platform.ServiceDefaults.Auth;

/// <summary>
/// The authentication service every request passes through, in front of the framework's: a bearer token from the
/// Authorization header that <see cref="TrustedTokens"/> remembers is answered with its earlier result, without
/// building the scheme's handler for the request. Everything else (no token, an unknown or tampered one, a token from
/// the query string, challenges, forbids) goes to the framework's service unchanged.
/// </summary>
internal sealed class TrustedTokenAuthentication : IAuthenticationService
{
    private readonly TrustedTokens tokens;

    public TrustedTokenAuthentication(TrustedTokens tokens, IServiceProvider services)
    {
        if (services.GetService<IClaimsTransformation>() is { } transformation && transformation is not NoopClaimsTransformation)
        {
            throw new InvalidOperationException(
                $"{transformation.GetType().Name} transforms principals, but remembered tokens share theirs between requests; " +
                "remove the transformation or the trusted-token shortcut.");
        }

        this.tokens = tokens;
    }

    /// <summary>Puts this service in front of the framework's, which stays registered under a key for everything else.</summary>
    public static void Register(IServiceCollection services)
    {
        if (FrameworkShortcuts.PutInFront<IAuthenticationService, TrustedTokenAuthentication>(services))
        {
            services.AddSingleton<TrustedTokens>();
            services.AddTransient<IStartupFilter, CheckedAtStart>();
        }
    }

    public Task<AuthenticateResult> AuthenticateAsync(HttpContext context, string? scheme) =>
        scheme == JwtBearerDefaults.AuthenticationScheme &&
        tokens.TryGetFromHeader(context.Request.Headers.Authorization, out var known)
            ? known
            : Framework(context).AuthenticateAsync(context, scheme);

    public Task ChallengeAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) =>
        Framework(context).ChallengeAsync(context, scheme, properties);

    public Task ForbidAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) =>
        Framework(context).ForbidAsync(context, scheme, properties);

    public Task SignInAsync(HttpContext context, string? scheme, ClaimsPrincipal principal, AuthenticationProperties? properties) =>
        Framework(context).SignInAsync(context, scheme, principal, properties);

    public Task SignOutAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) =>
        Framework(context).SignOutAsync(context, scheme, properties);

    private static IAuthenticationService Framework(HttpContext context) =>
        context.RequestServices.GetRequiredKeyedService<IAuthenticationService>(FrameworkShortcuts.FrameworkKey);

    /// <summary>Builds the service when the application starts, so a claims transformation beside it stops the start.</summary>
    private sealed class CheckedAtStart : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.ApplicationServices.GetRequiredService<IAuthenticationService>();
            next(app);
        };
    }
}

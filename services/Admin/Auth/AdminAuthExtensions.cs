using Microsoft.AspNetCore.Identity;
using Platform.Admin.Users;
using Platform.ServiceDefaults.Auth;

namespace Platform.Admin.Auth;

public static class AdminAuthExtensions
{
    public const string SuperadminPolicy = "superadmin";

    /// <summary>
    /// Admin issues the tokens and validates them with its own keys in memory; other services validate the same
    /// tokens against Admin's published JWKS.
    /// </summary>
    public static IHostApplicationBuilder AddAdminAuth(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Auth").Get<AuthOptions>() ?? new AuthOptions();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<SigningKeys>();
        builder.Services.AddSingleton<TokenIssuer>();
        builder.Services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        builder.Services.AddSingleton<ISessionStore, PostgresSessionStore>();
        builder.Services.AddSingleton<LoginRateLimiter>();
        builder.Services.AddSingleton<LoginService>();
        builder.Services.AddHostedService<AuthBootstrap>();

        builder.Services.AddPlatformBearer().Configure<SigningKeys>((bearer, keys) =>
        {
            bearer.TokenValidationParameters.ValidIssuer = options.Issuer;
            bearer.TokenValidationParameters.ValidAudience = options.Audience;
            bearer.TokenValidationParameters.IssuerSigningKeyResolver = (_, _, _, _) => keys.All;
        });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(SuperadminPolicy, policy => policy.RequireRole(Roles.Superadmin));
        return builder;
    }
}

using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Platform.ServiceDefaults.Auth;

/// <summary>
/// What every service, Admin included, requires of a token, and the shape Admin publishes its keys in. Each caller
/// adds only where the keys come from: Admin from memory, the others from Admin's discovery document.
/// </summary>
public static class PlatformTokens
{
    public const string Audience = "platform";
    public const string Algorithm = SecurityAlgorithms.EcdsaSha256;

    /// <summary>
    /// Bearer authentication as every service, Admin included, runs it: the platform's token rules and remembered
    /// validations (<see cref="TrustedTokens"/>), schemes and handlers looked up without per-request allocations, and
    /// authorization that answers "any authenticated user" without the framework's per-request machinery
    /// (<see cref="AuthenticatedUserPolicyEvaluator"/>). The caller adds where the signing keys come from.
    /// </summary>
    public static OptionsBuilder<JwtBearerOptions> AddPlatformBearer(this IServiceCollection services)
    {
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddSingleton<IAuthenticationSchemeProvider, CachedAuthenticationSchemeProvider>();
        FrameworkShortcuts.PutInFront<IAuthenticationHandlerProvider, RequestAuthenticationHandlers>(services);
        TrustedTokenAuthentication.Register(services);
        services.AddAuthorization();
        AuthenticatedUserPolicyEvaluator.Register(services);
        return services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<TrustedTokens>(Configure);
    }

    private static void Configure(JwtBearerOptions bearer, TrustedTokens tokens)
    {
        bearer.MapInboundClaims = false;
        // Nothing reads the raw token back from the authentication properties; keeping it costs every request.
        bearer.SaveToken = false;
        bearer.TokenHandlers.Clear();
        bearer.TokenHandlers.Add(new JsonWebTokenHandler { MapInboundClaims = false });
        bearer.Events = new TrustedTokenEvents(tokens);
        bearer.TokenValidationParameters = new TokenValidationParameters
        {
            ValidAudience = Audience,
            ValidAlgorithms = [Algorithm],
            NameClaimType = JwtRegisteredClaimNames.Sub,
            RoleClaimType = PlatformClaims.Roles,
            ClockSkew = TimeSpan.FromSeconds(30),
        };
    }

    /// <summary>An ES256 public key as a JWKS entry (RFC 7517/7518): the public point only, never the private scalar.</summary>
    public static Dictionary<string, string> ToJwk(ECDsaSecurityKey key)
    {
        var point = key.ECDsa.ExportParameters(includePrivateParameters: false).Q;
        return new Dictionary<string, string>
        {
            ["kty"] = "EC",
            ["use"] = "sig",
            ["alg"] = Algorithm,
            ["crv"] = "P-256",
            ["kid"] = key.KeyId,
            ["x"] = Base64UrlEncoder.Encode(point.X),
            ["y"] = Base64UrlEncoder.Encode(point.Y),
        };
    }
}

using Microsoft.AspNetCore.Authentication.JwtBearer;
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

    public static void Configure(JwtBearerOptions bearer)
    {
        bearer.MapInboundClaims = false;
        // Nothing reads the raw token back from the authentication properties; keeping it costs every request.
        bearer.SaveToken = false;
        bearer.TokenHandlers.Clear();
        bearer.TokenHandlers.Add(new CachingJsonWebTokenHandler { MapInboundClaims = false });
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

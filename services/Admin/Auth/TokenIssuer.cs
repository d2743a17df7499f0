using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Platform.Admin.Users;
using Platform.ServiceDefaults.Auth;

namespace Platform.Admin.Auth;

/// <summary>Short-lived access tokens naming the user, their tenant and roles, signed with the current key.</summary>
public sealed class TokenIssuer(SigningKeys keys, AuthOptions options, TimeProvider clock)
{
    private readonly JsonWebTokenHandler handler = new();

    public (string Token, DateTimeOffset ExpiresAt) Issue(User user, Guid sessionId)
    {
        var now = clock.GetUtcNow();
        var expiresAt = now + options.AccessTokenLifetime;
        var claims = new Dictionary<string, object>
        {
            [JwtRegisteredClaimNames.Sub] = user.Id.ToString(),
            [JwtRegisteredClaimNames.Email] = user.Email,
            [PlatformClaims.Roles] = user.Roles.ToArray(),
            [PlatformClaims.SessionId] = sessionId.ToString(),
        };
        if (user.AccountId is { } tenantId)
        {
            claims[PlatformClaims.TenantId] = tenantId.ToString();
        }

        var token = handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expiresAt.UtcDateTime,
            Claims = claims,
            Subject = new ClaimsIdentity(),
            SigningCredentials = new SigningCredentials(keys.Current, PlatformTokens.Algorithm),
        });
        return (token, expiresAt);
    }
}

using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.IdentityModel.JsonWebTokens;
using System.Security.Claims;

namespace Platform.ServiceDefaults.Auth;

/// <summary>
/// Verifying an ES256 signature, and the framework's work around it, cost more than the rest of a cached read, and a
/// client repeats the same token for minutes. The outcome of a successful validation is remembered for the exact token
/// string (any other string, a tampered one included, is validated in full) until the token expires, and never longer
/// than <see cref="MaxTrust"/>, so a retired signing key stops being trusted soon. Failures are never remembered.
/// Every request carrying a remembered token shares its principal. That is sound because the same token always names
/// the same user and nothing in the platform changes a principal after authentication (no claims transformation is
/// registered; a service with one refuses to start).
/// </summary>
public sealed class TrustedTokens
{
    public static readonly TimeSpan MaxTrust = TimeSpan.FromMinutes(5);

    private const string BearerPrefix = "Bearer ";

    private readonly MemoryCache trusted = new(new MemoryCacheOptions { SizeLimit = 100_000 });

    /// <summary>The result of the token's earlier validation, if it is remembered and has not expired.</summary>
    public bool TryGet(string? token, out AuthenticateResult result)
    {
        if (token is not null && trusted.TryGetValue(token, out Trusted? known) && known!.ValidTo > DateTime.UtcNow)
        {
            result = known.Result;
            return true;
        }

        result = null!;
        return false;
    }

    public void Remember(JsonWebToken token, ClaimsPrincipal principal)
    {
        var ticket = new AuthenticationTicket(principal, new AuthenticationProperties { ExpiresUtc = token.ValidTo }, JwtBearerDefaults.AuthenticationScheme);
        var trustUntil = token.ValidTo < DateTime.UtcNow + MaxTrust ? token.ValidTo : DateTime.UtcNow + MaxTrust;
        trusted.Set(token.EncodedToken, new Trusted(AuthenticateResult.Success(ticket), token.ValidTo), new MemoryCacheEntryOptions
        {
            AbsoluteExpiration = new DateTimeOffset(trustUntil, TimeSpan.Zero),
            Size = 1,
        });
    }

    /// <summary>The token of an <c>Authorization: Bearer</c> header, read the way the bearer handler reads it.</summary>
    public static string? FromAuthorizationHeader(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = authorization[BearerPrefix.Length..].Trim();
        return token.Length == 0 ? null : token;
    }

    private sealed record Trusted(AuthenticateResult Result, DateTime ValidTo);
}

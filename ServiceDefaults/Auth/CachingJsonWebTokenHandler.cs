using Microsoft.Extensions.Caching.Memory;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Platform.ServiceDefaults.Auth;

/// <summary>
/// Verifying an ES256 signature costs more than the rest of a typical request; a client repeats the same token for
/// minutes. Successful validations are remembered for the exact token string (any other string, a tampered one
/// included, is validated in full) until the token expires, and never longer than <see cref="MaxTrust"/>, so a
/// retired signing key stops being trusted soon. Failures are never cached. Each request gets its own identity copy.
/// </summary>
internal sealed class CachingJsonWebTokenHandler : JsonWebTokenHandler
{
    public static readonly TimeSpan MaxTrust = TimeSpan.FromMinutes(5);

    private readonly MemoryCache validated = new(new MemoryCacheOptions { SizeLimit = 100_000 });

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (validated.TryGetValue(token, out TokenValidationResult? cached) && cached!.SecurityToken.ValidTo > DateTime.UtcNow)
        {
            return new TokenValidationResult
            {
                IsValid = true,
                ClaimsIdentity = cached.ClaimsIdentity.Clone(),
                SecurityToken = cached.SecurityToken,
                Issuer = cached.Issuer,
                TokenType = cached.TokenType,
            };
        }

        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid)
        {
            var trustUntil = new DateTimeOffset(Min(result.SecurityToken.ValidTo, DateTime.UtcNow + MaxTrust), TimeSpan.Zero);
            validated.Set(token, result, new MemoryCacheEntryOptions { AbsoluteExpiration = trustUntil, Size = 1 });
        }

        return result;
    }

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
}

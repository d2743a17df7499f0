using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Platform.ServiceDefaults.Auth;

namespace Platform.TestSupport;

/// <summary>
/// Stands in for Admin as a token authority in one service's tests: a real HTTP server on loopback publishing a
/// discovery document and JWKS of a key of its own, exactly as Admin publishes them, and signing ES256 tokens with
/// Admin's claims. The service under test fetches the keys over HTTP as it does in production.
/// </summary>
public sealed class TestTokenIssuer : IAsyncDisposable
{
    public const string Issuer = "platform-admin";

    private readonly WebApplication server;
    private readonly ECDsaSecurityKey key;

    private TestTokenIssuer(WebApplication server, ECDsaSecurityKey key)
    {
        this.server = server;
        this.key = key;
    }

    public string Authority => server.Urls.Single();

    public static async Task<TestTokenIssuer> StartAsync()
    {
        var key = new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = Guid.NewGuid().ToString("N") };
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var server = builder.Build();
        server.MapGet("/.well-known/openid-configuration", (HttpRequest request) => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Issuer,
            ["jwks_uri"] = $"{request.Scheme}://{request.Host}/.well-known/jwks.json",
        }));
        server.MapGet("/.well-known/jwks.json", () => Results.Json(new { keys = new[] { PlatformTokens.ToJwk(key) } }));
        await server.StartAsync();
        return new TestTokenIssuer(server, key);
    }

    /// <summary>A token for a user of <paramref name="tenantId"/> (none: a platform operator's token).</summary>
    public string Issue(Guid? tenantId, params string[] roles) => Issue(tenantId, TimeSpan.FromMinutes(10), roles);

    public string Issue(Guid? tenantId, TimeSpan lifetime, params string[] roles)
    {
        var claims = new Dictionary<string, object>
        {
            ["sub"] = Guid.NewGuid().ToString(),
            ["roles"] = roles.Length > 0 ? roles : ["owner"],
        };
        if (tenantId is { } tenant)
        {
            claims["tenant_id"] = tenant.ToString();
        }

        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = PlatformTokens.Audience,
            IssuedAt = now + (lifetime < TimeSpan.Zero ? lifetime * 2 : TimeSpan.Zero),
            NotBefore = now + (lifetime < TimeSpan.Zero ? lifetime * 2 : TimeSpan.Zero),
            Expires = now + lifetime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.EcdsaSha256),
        });
    }

    public async ValueTask DisposeAsync()
    {
        await server.StopAsync();
        await server.DisposeAsync();
    }
}

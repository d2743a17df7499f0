using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Admin.Auth;
using Platform.ServiceDefaults.Auth;

namespace Platform.Admin.Apis;

/// <summary>The discovery document and public keys other services validate Admin's tokens with.</summary>
public static class WellKnownApi
{
    public static IEndpointRouteBuilder MapWellKnownApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/.well-known/openid-configuration", (HttpRequest request, AuthOptions options) => TypedResults.Ok(new Dictionary<string, object>
        {
            ["issuer"] = options.Issuer,
            ["jwks_uri"] = $"{request.Scheme}://{request.Host}{request.PathBase}/.well-known/jwks.json",
            ["id_token_signing_alg_values_supported"] = new[] { PlatformTokens.Algorithm },
        })).WithTags("Auth").WithName("Discovery");

        app.MapGet("/.well-known/jwks.json", Jwks).WithTags("Auth").WithName("Jwks");
        return app;
    }

    private static Ok<Dictionary<string, object>> Jwks(SigningKeys keys, HttpResponse response)
    {
        response.Headers.CacheControl = "public, max-age=300";
        var published = keys.All.Select(PlatformTokens.ToJwk).ToList();
        return TypedResults.Ok(new Dictionary<string, object> { ["keys"] = published });
    }
}

using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.IdentityModel.Tokens;
using Platform.Admin.Auth;

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
            ["id_token_signing_alg_values_supported"] = new[] { SecurityAlgorithms.EcdsaSha256 },
        })).WithTags("Auth").WithName("Discovery");

        app.MapGet("/.well-known/jwks.json", Jwks).WithTags("Auth").WithName("Jwks");
        return app;
    }

    private static Ok<Dictionary<string, object>> Jwks(SigningKeys keys, HttpResponse response)
    {
        response.Headers.CacheControl = "public, max-age=300";
        var published = keys.All.Select(key =>
        {
            var parameters = key.ECDsa.ExportParameters(includePrivateParameters: false);
            return new Dictionary<string, string>
            {
                ["kty"] = "EC",
                ["use"] = "sig",
                ["alg"] = SecurityAlgorithms.EcdsaSha256,
                ["crv"] = "P-256",
                ["kid"] = key.KeyId,
                ["x"] = Base64UrlEncoder.Encode(parameters.Q.X),
                ["y"] = Base64UrlEncoder.Encode(parameters.Q.Y),
            };
        }).ToList();
        return TypedResults.Ok(new Dictionary<string, object> { ["keys"] = published });
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Platform.ServiceDefaults.Configuration;

namespace Platform.ServiceDefaults.Auth;

public static class PlatformAuthenticationExtensions
{
    /// <summary>
    /// Validates Admin's tokens locally: the signing keys come from Admin's discovery document and JWKS, fetched once
    /// and cached (refetched for an unknown key id), so no request waits on Admin. The authority is <c>Auth:Authority</c>,
    /// else Admin's service-discovery address (<c>services__admin-api__http__0</c>) as the AppHost and run script set it.
    /// </summary>
    public static IHostApplicationBuilder AddPlatformAuthentication(this IHostApplicationBuilder builder)
    {
        var authority = builder.Configuration["Auth:Authority"] ?? builder.Configuration["services:admin-api:http:0"];
        if (string.IsNullOrWhiteSpace(authority) || !Uri.TryCreate(authority, UriKind.Absolute, out var authorityUri))
        {
            throw new MissingConfigurationException(
                "The token authority is missing. Set Auth__Authority to Admin's base URL (or services__admin-api__http__0, as the AppHost does).");
        }

        // Plain HTTP to the key endpoint only on this machine or in development, unless explicitly allowed
        // (a private network between services); a key document an attacker can swap forges every token.
        var requireHttpsMetadata = builder.Configuration.GetValue(
            "Auth:RequireHttpsMetadata",
            !(authorityUri.IsLoopback || builder.Environment.IsDevelopment()));
        builder.Services.AddPlatformBearer().Configure(bearer =>
        {
            bearer.MetadataAddress = new Uri(authorityUri, ".well-known/openid-configuration").ToString();
            bearer.RequireHttpsMetadata = requireHttpsMetadata;
        });
        return builder;
    }
}

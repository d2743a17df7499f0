using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Platform.ServiceDefaults.Redis;

public static class RateLimitingExtensions
{
    /// <summary>Registers <see cref="RedisRateLimiter"/> with options from the <c>RateLimiting</c> section (and Redis, if not yet).</summary>
    public static IHostApplicationBuilder AddPlatformRateLimiting(this IHostApplicationBuilder builder)
    {
        builder.AddPlatformRedis();
        var options = new RateLimitingOptions();
        builder.Configuration.GetSection(RateLimitingOptions.Section).Bind(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.PermitsPerWindow, 1, "RateLimiting:PermitsPerWindow");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Window, TimeSpan.FromSeconds(1), "RateLimiting:Window");
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<RedisRateLimiter>();
        return builder;
    }

    /// <summary>
    /// Limits every request to these endpoints (an endpoint or a whole group) per caller; needs
    /// <see cref="AddPlatformRateLimiting"/>. It runs after authentication and authorization, so the caller is known.
    /// </summary>
    public static TBuilder RequireRateLimit<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint =>
        {
            _ = endpoint.ApplicationServices.GetService<RedisRateLimiter>()
                ?? throw new InvalidOperationException($"{endpoint.DisplayName} requires a rate limit; call AddPlatformRateLimiting.");
            endpoint.Metadata.Add(RateLimitedEndpoint.Instance);
        });
        return builder;
    }

    /// <summary>
    /// Puts <see cref="RateLimitMiddleware"/> in the pipeline when the service limits requests: right after authorization,
    /// so the caller is known and nothing of the endpoint has run yet.
    /// </summary>
    internal static void UsePlatformRateLimiting(this IApplicationBuilder app)
    {
        if (app.ApplicationServices.GetService<RedisRateLimiter>() is not null)
        {
            app.UseMiddleware<RateLimitMiddleware>();
        }
    }
}

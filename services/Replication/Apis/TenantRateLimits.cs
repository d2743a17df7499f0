using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Platform.Replication.Configuration;
using Platform.ServiceDefaults.Http;

namespace Platform.Replication.Apis;

/// <summary>
/// <see cref="ReplicationOptions.RequestsPerMinutePerTenant"/> on the control API's routes that name a tenant, one
/// fixed one-minute window per tenant; routes across tenants (list, register) are not limited.
/// </summary>
public static class TenantRateLimits
{
    public const string Policy = "per-tenant";

    public static IServiceCollection AddTenantRateLimits(this IServiceCollection services, ReplicationOptions options) =>
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                // A problem with Retry-After, as the platform's other rate limits answer.
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 60;
                rejected.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                await TypedResults.Problem(
                    statusCode: StatusCodes.Status429TooManyRequests,
                    type: ProblemTypes.TooManyRequests,
                    title: "Too many requests",
                    detail: $"At most {options.RequestsPerMinutePerTenant} requests a minute for one tenant; retry in {retryAfter} s.")
                    .ExecuteAsync(rejected.HttpContext);
            };
            limiter.AddPolicy(Policy, context =>
                context.Request.RouteValues.TryGetValue("tenantId", out var value) && Guid.TryParse(value?.ToString(), out var tenant)
                    ? RateLimitPartition.GetFixedWindowLimiter(tenant, _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = options.RequestsPerMinutePerTenant,
                        Window = TimeSpan.FromMinutes(1),
                        QueueLimit = 0,
                    })
                    : RateLimitPartition.GetNoLimiter(Guid.Empty));
        });
}

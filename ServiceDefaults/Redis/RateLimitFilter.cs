using System.Globalization;
using Microsoft.AspNetCore.Http;
using Platform.ServiceDefaults.Auth;
using Platform.ServiceDefaults.Http;

namespace Platform.ServiceDefaults.Redis;

/// <summary>
/// Counts each request to the endpoint against its caller's window: a tenant's user by tenant and subject from the
/// validated token, a token without a tenant (a platform operator) by subject, anyone else by IP address. Over budget:
/// a 429 problem with <c>Retry-After</c> in seconds until the window ends.
/// </summary>
internal sealed class RateLimitFilter(RedisRateLimiter limiter) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var httpContext = context.HttpContext;
        var (partition, tenantId) = PartitionOf(httpContext);
        var permits = limiter.Options.PermitsFor(tenantId);
        var decision = await limiter.AcquireAsync(partition, permits, httpContext.RequestAborted);
        if (decision.Allowed)
        {
            return await next(context);
        }

        httpContext.Response.Headers.RetryAfter = decision.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            type: ProblemTypes.TooManyRequests,
            title: "Too many requests",
            detail: $"At most {decision.Permits} requests per {limiter.Options.Window.TotalSeconds:0.#} s; retry in {decision.RetryAfterSeconds} s.");
    }

    private static (RateLimitPartition Partition, Guid? TenantId) PartitionOf(HttpContext httpContext)
    {
        var user = httpContext.User;
        var subject = user.Identity?.IsAuthenticated == true ? user.Identity.Name : null;
        if (!string.IsNullOrEmpty(subject))
        {
            return Guid.TryParse(user.FindFirst(PlatformClaims.TenantId)?.Value, out var tenantId) && tenantId != Guid.Empty
                ? (new RateLimitPartition(tenantId, subject), tenantId)
                : (RateLimitPartition.Of($"u:{subject}"), null);
        }

        return (RateLimitPartition.Of($"ip:{httpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown"}"), null);
    }
}

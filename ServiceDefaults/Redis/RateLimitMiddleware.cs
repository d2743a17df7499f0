using System.Globalization;
using Microsoft.AspNetCore.Http;
using Platform.ServiceDefaults.Auth;
using Platform.ServiceDefaults.Http;

namespace Platform.ServiceDefaults.Redis;

/// <summary>
/// Counts each request to an endpoint marked with <see cref="RateLimitedEndpoint"/> against its caller's window: a
/// tenant's user by tenant and subject from the validated token, a token without a tenant (a platform operator) by
/// subject, anyone else by IP address. Over budget: a 429 problem with <c>Retry-After</c> in seconds until the window
/// ends. It runs after authorization, so the caller is known, and before the endpoint binds its parameters, so a
/// refused request's body is never read and a malformed request counts like any other.
/// </summary>
internal sealed class RateLimitMiddleware(RequestDelegate next, RedisRateLimiter limiter)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<RateLimitedEndpoint>() is null)
        {
            return next(context);
        }

        var (partition, tenantId) = PartitionOf(context);
        var acquiring = limiter.AcquireAsync(partition, limiter.Options.PermitsFor(tenantId), context.RequestAborted);

        // Nearly always decided at once from the instance's lease: the request then goes on without a frame of ours.
        if (!acquiring.IsCompletedSuccessfully)
        {
            return AwaitDecisionAsync(context, acquiring);
        }

        var decision = acquiring.Result;
        return decision.Allowed ? next(context) : RefuseAsync(context, decision);
    }

    private async Task AwaitDecisionAsync(HttpContext context, ValueTask<RateLimitDecision> acquiring)
    {
        var decision = await acquiring;
        await (decision.Allowed ? next(context) : RefuseAsync(context, decision));
    }

    private Task RefuseAsync(HttpContext context, RateLimitDecision decision)
    {
        context.Response.Headers.RetryAfter = decision.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            type: ProblemTypes.TooManyRequests,
            title: "Too many requests",
            detail: $"At most {decision.Permits} requests per {limiter.Options.Window.TotalSeconds:0.#} s; retry in {decision.RetryAfterSeconds} s.")
            .ExecuteAsync(context);
    }

    private static (RateLimitPartition Partition, Guid? TenantId) PartitionOf(HttpContext httpContext)
    {
        // Only an authenticated principal is shared between requests; an anonymous caller's is new every time.
        var user = httpContext.User;
        if (user.Identity?.IsAuthenticated == true && PrincipalFacts.Of(user) is { Subject: { Length: > 0 } subject } caller)
        {
            return caller.Tenant is { } tenant
                ? (new RateLimitPartition(tenant.Id, subject), tenant.Id)
                : (RateLimitPartition.Of($"u:{subject}"), null);
        }

        return (RateLimitPartition.Of($"ip:{httpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown"}"), null);
    }
}

/// <summary>Endpoint metadata: requests to this endpoint count against their caller's rate limit.</summary>
public sealed class RateLimitedEndpoint
{
    public static readonly RateLimitedEndpoint Instance = new();

    private RateLimitedEndpoint()
    {
    }
}

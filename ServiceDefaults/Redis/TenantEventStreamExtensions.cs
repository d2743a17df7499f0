using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Platform.ServiceDefaults.Auth;
using Platform.ServiceDefaults.Tenancy;

namespace Platform.ServiceDefaults.Redis;

public static class TenantEventStreamExtensions
{
    /// <summary>
    /// Maps a GET endpoint that streams the caller's tenant's realtime events as server-sent events. The tenant comes
    /// from the token, like every other tenant-scoped endpoint, so a client can only ever listen to its own shop. A browser's
    /// <c>EventSource</c> passes the token as <c>?access_token=</c> (<see cref="AccessTokenInQuery"/>).
    /// </summary>
    public static RouteHandlerBuilder MapTenantEventStream(this IEndpointRouteBuilder endpoints, string pattern) =>
        endpoints.MapGet(pattern, async (CurrentTenant tenant, ITenantEvents events, HttpContext httpContext) =>
            {
                await using var subscription = await events.SubscribeAsync(tenant.Id, httpContext.RequestAborted);
                await ServerSentEvents.WriteAsync(httpContext.Response, subscription);
            })
            .RequireAuthorization()
            .WithMetadata(AccessTokenInQuery.Instance)
            .Produces(StatusCodes.Status200OK, contentType: ServerSentEvents.ContentType);
}

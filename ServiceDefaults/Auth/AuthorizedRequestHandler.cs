using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;

namespace Platform.ServiceDefaults.Auth;

/// <summary>
/// What the authorization middleware does with its decision: an authorized request goes on to the endpoint directly;
/// challenges and forbids are the framework's (stateless) handler's. The framework registers its handler per request
/// and allocates on every call, for the one outcome nearly every request has.
/// </summary>
internal sealed class AuthorizedRequestHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler framework = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult) =>
        authorizeResult.Succeeded ? next(context) : framework.HandleAsync(next, context, policy, authorizeResult);
}

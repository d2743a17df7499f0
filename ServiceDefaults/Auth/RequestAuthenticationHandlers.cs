using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Platform.ServiceDefaults.Auth;

/// <summary>
/// The handler provider the authentication middleware resolves on every request, only to ask it for the handlers of
/// schemes that handle requests themselves (the platform has none). The framework's provider is scoped and builds its
/// handler map on creation, so merely resolving it cost each request a map and the request scope's service table. This
/// one asks the request's own framework provider (kept under a key, still one per request, still caching the request's
/// handlers) only when a handler is actually wanted.
/// </summary>
internal sealed class RequestAuthenticationHandlers : IAuthenticationHandlerProvider
{
    public Task<IAuthenticationHandler?> GetHandlerAsync(HttpContext context, string authenticationScheme) =>
        context.RequestServices.GetRequiredKeyedService<IAuthenticationHandlerProvider>(FrameworkShortcuts.FrameworkKey)
            .GetHandlerAsync(context, authenticationScheme);
}

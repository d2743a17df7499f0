using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Platform.ServiceDefaults.Auth;

/// <summary>
/// The policy evaluator the authorization middleware asks on every request, in front of the framework's. Most endpoints
/// only ask for an authenticated user (<c>RequireAuthorization()</c>, the default policy); for such a policy, naming no
/// scheme, and a request whose user is authenticated, the answer is given at once. The framework would build its
/// authorization service, handler provider, handlers and handler context for the request to reach the same answer: a
/// third of a cached product read's allocations. Every other policy, and every anonymous user, goes to the framework's
/// evaluator unchanged, so challenges, forbids and role checks behave as before.
/// </summary>
/// <remarks>
/// The answer is the framework's only while nothing else takes part in authorization: its own service, handler provider,
/// context factory and evaluator, and no handler besides the pass-through one that lets a requirement judge itself. That
/// is checked once, when the evaluator is built; an application that adds a handler (which might fail the default policy) goes the
/// framework's way for every request. What the shortcut does not do is count the decision in the framework's
/// <c>aspnetcore.authorization.attempts</c> metric; the platform's telemetry does not collect that meter.
/// </remarks>
internal sealed class AuthenticatedUserPolicyEvaluator : IPolicyEvaluator
{
    private static readonly Task<PolicyAuthorizationResult> Authorized = Task.FromResult(PolicyAuthorizationResult.Success());

    private readonly bool frameworkAuthorizationOnly;

    public AuthenticatedUserPolicyEvaluator(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        var provider = scope.ServiceProvider;
        frameworkAuthorizationOnly =
            provider.GetRequiredService<IAuthorizationService>() is DefaultAuthorizationService &&
            provider.GetRequiredService<IAuthorizationHandlerProvider>() is DefaultAuthorizationHandlerProvider &&
            provider.GetRequiredService<IAuthorizationHandlerContextFactory>().GetType() == typeof(DefaultAuthorizationHandlerContextFactory) &&
            provider.GetRequiredService<IAuthorizationEvaluator>().GetType() == typeof(DefaultAuthorizationEvaluator) &&
            provider.GetServices<IAuthorizationHandler>().All(handler => handler is PassThroughAuthorizationHandler);
    }

    /// <summary>
    /// Puts this evaluator in front of the framework's, which stays registered under a key for everything else, and
    /// lets authorized requests go straight on (<see cref="AuthorizedRequestHandler"/>).
    /// </summary>
    public static void Register(IServiceCollection services)
    {
        if (FrameworkShortcuts.PutInFront<IPolicyEvaluator, AuthenticatedUserPolicyEvaluator>(services))
        {
            services.AddSingleton<IAuthorizationMiddlewareResultHandler, AuthorizedRequestHandler>();
        }
    }

    // For a policy without schemes the framework's evaluator answers with the result authentication left on the request.
    public Task<AuthenticateResult> AuthenticateAsync(AuthorizationPolicy policy, HttpContext context) =>
        Decides(policy) && context.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult is { } result
            ? TrustedTokens.AnswerOf(result) ?? Task.FromResult(result)
            : Framework(context).AuthenticateAsync(policy, context);

    public Task<PolicyAuthorizationResult> AuthorizeAsync(
        AuthorizationPolicy policy, AuthenticateResult authenticationResult, HttpContext context, object? resource) =>
        Decides(policy) && context.User.Identity?.IsAuthenticated == true
            ? Authorized
            : Framework(context).AuthorizeAsync(policy, authenticationResult, context, resource);

    private bool Decides(AuthorizationPolicy policy) =>
        frameworkAuthorizationOnly &&
        policy.AuthenticationSchemes.Count == 0 &&
        policy.Requirements is [var only] &&
        only.GetType() == typeof(DenyAnonymousAuthorizationRequirement);

    private static IPolicyEvaluator Framework(HttpContext context) =>
        context.RequestServices.GetRequiredKeyedService<IPolicyEvaluator>(FrameworkShortcuts.FrameworkKey);
}

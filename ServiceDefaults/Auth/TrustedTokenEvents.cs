using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Platform.ServiceDefaults.Auth;

/// <summary>
/// The bearer handler's side of <see cref="TrustedTokens"/>: a validated token is remembered, and a remembered one is
/// accepted without validating it again where the handler itself runs (a token from the query string, a challenge).
/// Also takes a stream's token from the query where the endpoint allows it (<see cref="AccessTokenInQuery"/>).
/// </summary>
internal sealed class TrustedTokenEvents(TrustedTokens tokens) : JwtBearerEvents
{
    public override async Task MessageReceived(MessageReceivedContext context)
    {
        await AccessTokenInQuery.TakeFromQueryWhereAllowed(context);
        context.Token ??= TrustedTokens.FromAuthorizationHeader(context.HttpContext.Request.Headers.Authorization);
        if (tokens.TryGet(context.Token, out var known))
        {
            context.Principal = known.Principal;
            context.Properties = known.Properties!.Clone();
            context.Success();
        }
    }

    public override Task TokenValidated(TokenValidatedContext context)
    {
        if (context.Principal is { } principal && context.SecurityToken is JsonWebToken token)
        {
            tokens.Remember(token, principal);
        }

        return Task.CompletedTask;
    }
}
